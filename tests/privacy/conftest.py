"""A patient with a month of rehab (tests.exports' logs) plus notes that only they
wrote, edits that left history rows, a deleted session, a treatment, an alert, an export
file on disk, and every kind of sign-in trace: the things erasure must remove and a
download must hold."""

import datetime as dt
import uuid

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from exports.models import ExportJob
from patients.models import Patient
from rehab.models import CheckIn, Treatment
from tests.exports.conftest import approved_move, month_of_logs
from tests.factories import PASSWORD

NOTE = "Twinge at the sit bone after the 5k hill repeats (zq-7731)"
EDITED_NOTE = "Edited: only a twinge (zq-7732)"
PHYSIO_NOTE = "PRP into the left proximal tendon (zq-7733)"
OTHER_NOTE = "Casey's own private note (zq-9999)"
DELETED_NOTE = "Logged twice by mistake (zq-7734)"


@pytest.fixture(autouse=True)
def exports_folder(settings, tmp_path):
    settings.EXPORT_ROOT = tmp_path / "exports"
    return settings.EXPORT_ROOT


@pytest.fixture
def full_record(enrolled, api, exports_folder):
    cast = enrolled
    patient, user = cast.patient, cast.patient.user
    pht = patient.enrolments.get()
    month_of_logs(patient, pht, cast.physio)
    approved_move(pht, cast.physio, days_ago=10)
    month_of_logs(cast.other_patient, cast.other_patient.enrolments.get(), cast.colleague)
    today = patient.local_today()
    client = api(user)
    # A check-in written through the API, then edited: the history keeps both versions.
    checkin_id = str(uuid.uuid4())
    CheckIn.objects.filter(patient=patient, date=today).delete()
    body = {
        "id": checkin_id,
        "date": str(today),
        "pain_rest": 2,
        "pain_morning": 3,
        "red_flags": ["neuro"],
        "note": NOTE,
    }
    assert client.post("/api/v1/checkins/", body, format="json").status_code == 201
    edited = client.patch(f"/api/v1/checkins/{checkin_id}/", {"note": EDITED_NOTE}, format="json")
    assert edited.status_code == 200
    # A session the patient deleted: kept on record, marked deleted.
    deleted = {
        "id": str(uuid.uuid4()),
        "date": str(today),
        "enrolment": pht.pk,
        "pain_during": 2,
        "pain_after": 1,
        "exercises": [{"exercise": "bridge_hold", "sets": 5, "hold_s": 30}],
        "note": DELETED_NOTE,
    }
    assert client.post("/api/v1/sessions/", deleted, format="json").status_code == 201
    assert client.delete(f"/api/v1/sessions/{deleted['id']}/").status_code == 204
    Treatment.objects.create(
        patient=patient,
        date=today,
        kind="prp_injection",
        side="left",
        note=PHYSIO_NOTE,
        recorded_by=cast.physio,
    )
    # The other patient's note, which must survive and never leak.
    CheckIn.objects.update_or_create(
        patient=cast.other_patient,
        date=today,
        defaults={"pain_rest": 1, "pain_morning": 1, "note": OTHER_NOTE},
    )
    # Sign-in traces: a session, a failed attempt (django-axes), an admin log entry.
    session = api(None)
    session.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
    api(None).post("/api/v1/auth/token/", {"email": user.email, "password": "wrong"}, format="json")
    LogEntry.objects.create(
        user=cast.clinic_admin,
        content_type=ContentType.objects.get_for_model(Patient),
        object_id=str(patient.pk),
        object_repr=str(patient),
        action_flag=CHANGE,
    )
    # A clinic-wide export file still on disk (it holds every patient's logs).
    relative = f"{patient.clinic_id}/1-abc.zip"
    (exports_folder / relative).parent.mkdir(parents=True, exist_ok=True)
    (exports_folder / relative).write_bytes(b"PK")
    ExportJob.objects.create(
        kind="logs_csv",
        status="done",
        clinic_id=patient.clinic_id,
        created_by=cast.physio,
        date_from=today - dt.timedelta(days=30),
        date_to=today,
        file=relative,
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=5),
    )
    # Staff read and export the record (audited), and the patient downloads their own.
    api(cast.physio).get(f"/api/v1/patients/{patient.pk}/")
    api(cast.physio).get(f"/api/v1/patients/{patient.pk}/fhir/")
    return cast
