"""On PostgreSQL the logs CSV is written by COPY; its bytes equal the Python csv path's
on data made to trip it: quotes, commas, newlines, formula prefixes, unicode, NULLs."""

import datetime as dt
import io
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import JSONField, Value
from django.utils import timezone

from exports import csv_export
from exports.builders import clinic_logs
from exports.models import ExportJob
from rehab.models import CheckIn, ExerciseSession, Measurement, Run, Treatment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

JSON_NULL = Value(None, JSONField())  # JSON's null, not SQL's
NOTES = [
    "",
    "plain",
    'she said "ouch", then sat',
    "line one\nline two",
    "windows\r\nline",
    "a lone\rcarriage return",
    '=HYPERLINK("http://x")',
    "+1",
    "-2 worse",
    "@SUM(A1)",
    "\tindented",
    "\rstarts with CR",
    " =not at the start",
    "'already quoted",
    "Zoë’s knee – 痛い 🦵",
    "\\.",
    "back\\slash",
    "trailing space ",
    ",",
    '"',
]


@pytest.fixture
def tricky(enrolled):
    patient, physio = enrolled.patient, enrolled.physio
    patient.user.name = '=Robin "Bobby", O\'Runner'
    patient.user.save()
    enrolment = patient.enrolments.get()
    start = patient.local_today() - dt.timedelta(days=len(NOTES))
    red_flags = [
        [],
        ["sciatic"],
        ["sciatic", "night_pain"],
        [1, "a, b"],
        JSON_NULL,
        "=one",
        True,
        3,
    ]
    exercises = [
        [],
        [{"exercise": "bridge_hold", "sets": 5, "hold_s": 30}],
        [{"exercise": 'a, b: "c"', "load_kg": 12.5, "reps": 8}, {"x": [1, 2.0, None, True]}],
        {"nested": {"k": "v: w, z"}},
    ]
    for n, note in enumerate(NOTES):
        day = start + dt.timedelta(days=n)
        CheckIn.objects.create(
            patient=patient,
            date=day,
            pain_rest=n % 11,
            pain_morning=(n * 3) % 11,
            sitting_minutes=None if n % 3 else 60 + n,
            load_test_pain=None if n % 2 else 4,
            red_flags=red_flags[n % len(red_flags)],
            note=note,
        )
        ExerciseSession.objects.create(
            patient=patient,
            enrolment=enrolment,
            date=day,
            pain_during=2,
            pain_after=1,
            rpe=None if n % 2 else 6,
            exercises=exercises[n % len(exercises)],
            note=note,
        )
        Run.objects.create(
            patient=patient,
            enrolment=enrolment,
            date=day,
            level=1 + n % 10,
            run_min=Decimal("12.5"),
            walk_min=Decimal(n),
            pain_during=1,
            pain_after=0,
            limp=bool(n % 2),
            note=note,
        )
        Measurement.objects.create(
            patient=patient,
            date=day,
            key="knee_flexion_lsi",
            value=Decimal(n) - Decimal("3.25"),
            side="left" if n % 2 else "",
            method=note[:20],
            recorded_by=None if n % 4 == 0 else physio,
        )
        Treatment.objects.create(
            patient=patient,
            date=day,
            kind="shockwave",
            side="right",
            note=note,
            recorded_by=physio if n % 2 else None,
        )
    # Timestamps whose fraction is zero print without one (datetime.isoformat).
    whole = timezone.now().replace(microsecond=0)
    CheckIn.objects.filter(date=start).update(created_at=whole, updated_at=whole)
    physio.name = '-Pat, the "physio"\nsecond line'
    physio.save()
    return SimpleNamespace(
        created_by=physio,
        clinic_id=patient.clinic_id,
        date_from=start,
        date_to=patient.local_today(),
    )


@pytest.mark.parametrize("kind", csv_export.KINDS, ids=lambda k: k.name)
def test_copy_writes_the_same_bytes_as_the_python_csv_writer(tricky, kind):
    records = clinic_logs(kind.model, tricky)
    by_copy, by_python = io.BytesIO(), io.BytesIO()
    copied = csv_export.copy_csv(kind, records, by_copy)
    written = csv_export.python_csv(kind, records, by_python)
    assert copied == written == len(NOTES)
    assert by_copy.getvalue().decode() == by_python.getvalue().decode()
    assert by_copy.getvalue() == by_python.getvalue()
    text = by_copy.getvalue().decode()
    assert '\'=Robin ""Bobby"", O\'Runner' in text  # the patient's name, defused and quoted
    if "note" in csv_export.headers(kind):
        assert '"line one\nline two"' in text and "'@SUM(A1)" in text and "🦵" in text


def test_the_zip_holds_what_the_python_path_writes(tricky, tmp_path, monkeypatch):
    querysets = {kind.name: clinic_logs(kind.model, tricky) for kind in csv_export.KINDS}
    steps = []
    monkeypatch.setattr(csv_export, "COPY_BUFFER", 200)  # several writes per COPY
    monkeypatch.setattr(csv_export, "COPY_DAYS", 3)  # several COPYs per file

    def on_row(rows):  # the job writes its progress here: the connection must be free
        steps.append(ExportJob.objects.count())

    total = csv_export.write_logs_zip(tmp_path / "logs.zip", querysets, on_row=on_row)
    assert total == len(NOTES) * len(csv_export.KINDS)
    assert len(steps) == len(csv_export.KINDS) * -(-len(NOTES) // 3)
    with zipfile.ZipFile(tmp_path / "logs.zip") as archive:
        for kind in csv_export.KINDS:
            expected = io.BytesIO()
            csv_export.python_csv(kind, querysets[kind.name], expected)
            assert archive.read(f"{kind.name}.csv") == expected.getvalue(), kind.name
