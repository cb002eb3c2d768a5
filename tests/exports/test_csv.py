"""The clinic's logs as CSV: headers and row counts equal the database, memory stays flat."""

import csv
import datetime as dt
import io
import json
import tracemalloc
import zipfile

import pytest

from exports import csv_export
from exports.builders import clinic_logs
from rehab.models import CheckIn, ExerciseSession, Measurement, Run, Treatment
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
MODELS = {
    "checkins": CheckIn,
    "sessions": ExerciseSession,
    "runs": Run,
    "measurements": Measurement,
    "treatments": Treatment,
}
DERIVED = {"patient_name", "protocol"}  # joined in for readers, not columns of the log
LIVE_ONLY = {"deleted_at", "deleted_by"}  # exports hold the logs that stand (PROTOCOLS.md 9.5)


@pytest.fixture
def exported(history, api, django_capture_on_commit_callbacks):
    """Logs export of the last 20 days (the history covers 30), unzipped to {kind: rows}."""
    today = history.patient.local_today()
    elsewhere = PatientFactory(clinic=history.outsider.clinic)
    CheckIn.objects.create(
        patient=elsewhere, date=elsewhere.local_today(), pain_rest=1, pain_morning=1
    )
    Treatment.objects.create(
        patient=history.patient,
        date=today - dt.timedelta(days=5),
        kind="shockwave",
        side="left",
        note="=HYPERLINK()",
    )
    # A session the patient deleted: kept, but no export holds it.
    deleted = ExerciseSession.objects.filter(patient=history.patient, date=today).first()
    assert api(history.patient.user).delete(f"/api/v1/sessions/{deleted.pk}/").status_code == 204
    start, end = today - dt.timedelta(days=20), today
    with django_capture_on_commit_callbacks(execute=True):
        body = {"kind": "logs_csv", "from": str(start), "to": str(end)}
        job = api(history.clinic_admin).post("/api/v1/exports/", body, format="json").json()
    response = api(history.clinic_admin).get(job["download_url"])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    tables = {}
    for name in archive.namelist():
        text = archive.read(name).decode("utf-8")
        tables[name.removesuffix(".csv")] = list(csv.reader(io.StringIO(text)))
    history.deleted_session = deleted
    return history, tables, (start, end)


def test_every_log_kind_has_a_csv_whose_headers_cover_the_models_fields(exported):
    _, tables, _ = exported
    assert tables.keys() == MODELS.keys()
    for kind, model in MODELS.items():
        header = tables[kind][0]
        assert header == csv_export.headers(next(k for k in csv_export.KINDS if k.name == kind))
        fields = {f.name for f in model._meta.concrete_fields} - LIVE_ONLY
        assert fields <= {h.removesuffix("_id") for h in header}, kind
        assert set(header) - DERIVED - {f"{f}_id" for f in fields} <= fields


def test_row_counts_equal_the_clinics_records_in_the_date_range(exported):
    cast, tables, (start, end) = exported
    clinic = cast.physio.clinic_id
    for kind, model in MODELS.items():
        expected = model.objects.filter(patient__clinic_id=clinic, date__range=(start, end))
        assert len(tables[kind]) - 1 == expected.count() > 0, kind
    older = CheckIn.objects.filter(date__lt=start).count()
    assert older > 0  # the history has older check-ins that the range leaves out
    assert CheckIn.objects.count() == len(tables["checkins"]) - 1 + older + 1  # +1 other clinic


def test_a_deleted_log_is_left_out(exported):
    cast, tables, _ = exported
    deleted = ExerciseSession.kept.get(pk=cast.deleted_session.pk)
    assert deleted.deleted_at is not None
    assert str(deleted.pk) not in {row[0] for row in tables["sessions"]}


def test_a_row_holds_the_records_values(exported):
    cast, tables, _ = exported
    header, *rows = tables["sessions"]
    session = ExerciseSession.objects.filter(patient=cast.patient).latest("date")
    row = dict(zip(header, next(r for r in rows if r[0] == str(session.pk)), strict=True))
    assert row["patient_name"] == "Robin Runner" and row["protocol"] == "pht-loading"
    assert (row["date"], row["pain_during"], row["pain_after"], row["rpe"]) == (
        session.date.isoformat(),
        str(session.pain_during),
        str(session.pain_after),
        "6",
    )
    assert json.loads(row["exercises"]) == session.exercises


def test_a_note_that_looks_like_a_formula_is_defused(exported):
    _, tables, _ = exported
    header, *rows = tables["checkins"]
    notes = [r[header.index("note")] for r in rows if r[header.index("note")]]
    assert notes == ['\'=HYPERLINK("x")']
    header, *rows = tables["treatments"]
    assert [r[header.index("note")] for r in rows] == ["'=HYPERLINK()"]


def test_only_the_creators_clinic_is_exported(exported):
    cast, tables, _ = exported
    header, *rows = tables["checkins"]
    clinic_patients = {str(cast.patient.pk), str(cast.other_patient.pk)}
    assert {r[header.index("patient_id")] for r in rows} <= clinic_patients


def _peak_export_memory(job, path) -> int:
    querysets = {kind.name: clinic_logs(kind.model, job) for kind in csv_export.KINDS}
    tracemalloc.start()
    rows = csv_export.write_logs_zip(path, querysets)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return rows, peak


@pytest.mark.slow  # exports growing row counts to measure memory
def test_memory_stays_flat_as_the_rows_grow(enrolled, tmp_path, monkeypatch):
    """Ten times the rows must not take more memory: only a chunk at a time is loaded.
    (Small chunks here keep the test quick; production reads 2000 rows at a time.)"""
    from types import SimpleNamespace

    monkeypatch.setattr(csv_export, "CHUNK", 100)
    patient = enrolled.patient
    enrolment = patient.enrolments.get()
    job = SimpleNamespace(
        created_by=enrolled.physio,
        clinic_id=patient.clinic_id,
        date_from=dt.date(2000, 1, 1),
        date_to=dt.date(2100, 1, 1),
    )

    def add(n):
        ExerciseSession.objects.bulk_create(
            ExerciseSession(
                patient=patient,
                enrolment=enrolment,
                date=patient.local_today(),
                pain_during=2,
                pain_after=1,
                note="steady " * 8,
            )
            for _ in range(n)
        )

    add(1_000)
    small_rows, small = _peak_export_memory(job, tmp_path / "small.zip")
    add(9_000)
    large_rows, large = _peak_export_memory(job, tmp_path / "large.zip")
    assert (small_rows, large_rows) == (1_000, 10_000)
    assert large < small * 1.25, f"peak {small} bytes for 1k rows, {large} for 10k"
