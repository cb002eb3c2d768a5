"""Clinic-wide export jobs through the API: start, poll, download, fail, expire.

Tasks run in-process here (the real worker is in test_workers.py); a job is queued when
its transaction commits, so these tests run the commit callbacks.
"""

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from exports import builders, jobs, tasks
from exports.models import ExportJob
from tests.exports.conftest import start_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Start an export and let its queued task run in-process."""

    def start(api, user, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = start_export(api, user, **kwargs)
        assert response.status_code == 202, response.content
        return api(user).get(f"/api/v1/exports/{response.json()['id']}/").json()

    return start


def test_a_new_job_is_queued_until_a_worker_takes_it(cast, api):
    response = start_export(api, cast.physio)  # no commit callbacks run: nothing took it
    assert response.status_code == 202
    body = response.json()
    assert {"id", "kind", "status", "progress", "download_url", "from", "to"} <= body.keys()
    assert (body["kind"], body["status"], body["progress"]) == ("logs_csv", "queued", 0)
    assert body["download_url"] == f"/api/v1/exports/{body['id']}/download/"
    detail = api(cast.physio).get(body["download_url"])
    assert detail.status_code == 409
    assert detail.json()["detail"] == "This export is not ready yet (queued, 0%)."


def test_a_finished_job_reports_100_and_its_zip_downloads(history, api, run_now):
    job = run_now(api, history.physio)
    polled = api(history.physio).get(f"/api/v1/exports/{job['id']}/").json()
    assert (polled["status"], polled["progress"], polled["expired"]) == ("done", 100, False)
    response = api(history.physio).get(polled["download_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "harbour-physio-logs-" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == [
        "checkins.csv",
        "measurements.csv",
        "runs.csv",
        "sessions.csv",
        "treatments.csv",
    ]


def test_the_file_is_stored_under_export_root(history, api, run_now, media):
    job = ExportJob.objects.get(pk=run_now(api, history.physio)["id"])
    assert (media / job.file).is_file() and job.file.startswith(f"{job.clinic_id}/")
    assert not list(media.rglob("*.part"))


@pytest.mark.parametrize(
    "body, field, message",
    [
        (
            {"kind": "xml"},
            "kind",
            "'xml' is not an export we make: choose logs_csv or outcome_report.",
        ),
        ({"kind": None}, "kind", "This field may not be null."),
        ({"from": "2026-02-30"}, "from", "Use a date like 2026-03-31."),
        ({"to": "yesterday"}, "to", "Use a date like 2026-03-31."),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "to", "The last date is before the first."),
        ({"from": None}, "from", "Give the first date."),
    ],
)
def test_bad_kinds_and_dates_are_refused_with_400_and_say_why(cast, api, body, field, message):
    full = {"kind": "logs_csv", "from": "2026-01-01", "to": "2026-03-31", **body}
    response = api(cast.physio).post("/api/v1/exports/", full, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("payload", [[], "logs_csv", {}, {"kind": "logs_csv"}])
def test_malformed_bodies_are_a_json_400_never_a_500(cast, api, payload):
    response = api(cast.physio).post("/api/v1/exports/", payload, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_the_file_expires_after_the_configured_hours_with_410(history, api, run_now, settings):
    settings.EXPORT_EXPIRY_HOURS = 2
    job = run_now(api, history.physio)
    stored = ExportJob.objects.get(pk=job["id"])
    assert stored.expires_at - stored.finished_at == dt.timedelta(hours=2)
    ExportJob.objects.filter(pk=stored.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = api(history.physio).get(job["download_url"])
    assert response.status_code == 410
    assert (
        "expired" in response.json()["detail"] and "kept for 2 hours" in response.json()["detail"]
    )
    assert api(history.physio).get(f"/api/v1/exports/{job['id']}/").json()["expired"] is True


def test_expired_files_are_deleted_and_the_job_stays(history, api, run_now, media):
    job = ExportJob.objects.get(pk=run_now(api, history.physio)["id"])
    path = media / job.file
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    assert jobs.purge_expired() == 1
    assert not path.exists()
    job.refresh_from_db()
    assert job.file == "" and job.status == "done"
    assert api(history.physio).get(f"/api/v1/exports/{job.pk}/download/").status_code == 410


def test_a_job_that_breaks_is_marked_failed_with_a_message(cast, api, run_now, monkeypatch):
    def broken(job, progress):
        raise RuntimeError("disk full")

    monkeypatch.setitem(builders.BUILDERS, "logs_csv", broken)
    job = run_now(api, cast.physio)
    assert job["status"] == "failed"
    assert job["error"] == "The export failed unexpectedly; the team has been told. Try again."
    response = api(cast.physio).get(job["download_url"])
    assert response.status_code == 409 and "failed" in response.json()["detail"]


def test_a_job_whose_creator_left_the_clinic_does_not_run(cast, api):
    job = jobs.start_job(
        user=cast.physio,
        kind="logs_csv",
        date_from=dt.date(2026, 1, 1),
        date_to=dt.date(2026, 1, 31),
    )
    cast.physio.role = "patient"
    cast.physio.save()
    assert jobs.run_job(job_id=job.pk) == "failed"
    job.refresh_from_db()
    assert "no longer clinic staff" in job.error


def test_with_the_broker_down_the_job_fails_and_says_so(cast, api, run_now, monkeypatch):
    def down(*args, **kwargs):
        raise BrokerError("connection refused")

    monkeypatch.setattr(tasks.run_export, "apply_async", down)
    job = run_now(api, cast.physio)
    stored = ExportJob.objects.get(pk=job["id"])
    assert stored.status == "failed" and "could not be queued" in stored.error


def test_a_finished_job_is_not_run_twice(history, api, run_now):
    job = run_now(api, history.physio)
    finished = ExportJob.objects.get(pk=job["id"]).finished_at
    assert jobs.run_job(job_id=job["id"]) == "done"
    assert ExportJob.objects.get(pk=job["id"]).finished_at == finished


def test_a_job_that_breaks_halfway_leaves_no_file_behind(history, api, run_now, media, monkeypatch):
    from exports import csv_export

    def half(path, querysets, on_row):
        path.write_bytes(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(csv_export, "write_logs_zip", half)
    assert run_now(api, history.physio)["status"] == "failed"
    assert [p for p in media.rglob("*") if p.is_file()] == []
