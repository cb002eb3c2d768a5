"""Expired export files are purged on a schedule, from a folder outside the code."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery import app
from exports.models import ExportJob
from exports.tasks import purge_expired_exports

pytestmark = pytest.mark.django_db


def test_the_beat_schedule_purges_expired_exports_every_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["purge-expired-exports"]
    assert entry["task"] == "exports.tasks.purge_expired_exports"
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == set(range(24))


def test_the_export_folder_is_outside_the_code_checkout_by_default():
    # Read from the settings module's defaults, not the per-test folder.
    from config import settings as config_settings

    root = Path(config_settings.EXPORT_ROOT).resolve()
    assert not root.is_relative_to(Path(settings.BASE_DIR).resolve())


def a_done_job(cast, media: Path, *, expires_at) -> tuple[ExportJob, Path]:
    relative = f"{cast.physio.clinic_id}/{expires_at:%H%M%S%f}.zip"
    path = media / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK")
    today = dt.date.today()
    job = ExportJob.objects.create(
        kind="logs_csv",
        status="done",
        clinic_id=cast.physio.clinic_id,
        created_by=cast.physio,
        date_from=today,
        date_to=today,
        file=relative,
        expires_at=expires_at,
    )
    return job, path


def test_the_scheduled_task_deletes_expired_files_and_keeps_fresh_ones(cast, media):
    now = timezone.now()
    expired, old_file = a_done_job(cast, media, expires_at=now - dt.timedelta(minutes=1))
    fresh, new_file = a_done_job(cast, media, expires_at=now + dt.timedelta(hours=1))

    assert purge_expired_exports.delay().get() == 1

    assert not old_file.exists() and new_file.exists()
    expired.refresh_from_db()
    fresh.refresh_from_db()
    assert (expired.file, expired.status) == ("", "done")  # the job (and its audit) stays
    assert fresh.file != ""
