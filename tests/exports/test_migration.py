"""Exports left rehab without moving a row: a database made before the move keeps its
export jobs, audit records and the permissions granted on them."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from exports.models import ExportJob, ExportRecord
from patients.models import Clinic

# Slow: it migrates the database back and forth (make test-fast builds it without migrations).
pytestmark = pytest.mark.slow
BEFORE = [("exports", None), ("rehab", "0008_nightly_once_per_date")]


@pytest.fixture
def before_the_move(transactional_db):
    """The database as it was when exports lived in rehab; migrated forward again after."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_jobs_and_records_made_before_the_move_are_read_by_the_exports_app(before_the_move):
    old = before_the_move.loader.project_state(BEFORE[1]).apps
    clinic = Clinic.objects.create(name="Before the move")
    job = old.get_model("rehab", "ExportJob").objects.create(
        kind="logs_csv",
        clinic_id=clinic.pk,
        date_from=dt.date(2026, 1, 1),
        date_to=dt.date(2026, 1, 31),
        status="done",
        file="a/b.zip",
    )
    old.get_model("rehab", "ExportRecord").objects.create(
        user_email="physio@example.org", clinic_id=clinic.pk, kind="logs_csv", job_id=job.pk
    )
    rehab_type = ContentType.objects.get(app_label="rehab", model="exportjob")
    permission = Permission.objects.get(content_type=rehab_type, codename="view_exportjob")

    before_the_move.loader.build_graph()
    before_the_move.migrate(before_the_move.loader.graph.leaf_nodes())

    moved = ExportJob.objects.get(pk=job.pk)
    assert (moved.clinic_id, moved.status, moved.file) == (clinic.pk, "done", "a/b.zip")
    assert ExportRecord.objects.get().job == moved
    assert ExportJob._meta.db_table == "rehab_exportjob"
    ContentType.objects.clear_cache()
    permission.refresh_from_db()
    assert permission.content_type == ContentType.objects.get_for_model(ExportJob)
    assert permission.content_type.app_label == "exports"
    assert not ContentType.objects.filter(app_label="rehab", model="exportjob").exists()
