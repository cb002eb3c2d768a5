"""The physio sees which logs the patient deleted and when (`patients/<id>/deleted-logs/`),
never what they held; a deletion by staff is not the patient's, and the patient never
reads the list."""

import pytest

from rehab.models import Measurement
from tests.rehab.conftest import checkin_body, days_ago, session_body

pytestmark = pytest.mark.django_db


def url(patient, query=""):
    return f"/api/v1/patients/{patient.pk}/deleted-logs/{query}"


def test_the_physio_sees_the_logs_the_patient_deleted_latest_first(enrolled, api):
    patient = enrolled.patient
    client = api(patient.user)
    old = checkin_body(patient, date=str(days_ago(patient, 3)))
    kept = checkin_body(patient)
    session = session_body(patient)
    for path, body in [("checkins", old), ("checkins", kept), ("sessions", session)]:
        assert client.post(f"/api/v1/{path}/", body, format="json").status_code == 201
    assert client.delete(f"/api/v1/checkins/{old['id']}/").status_code == 204
    assert client.delete(f"/api/v1/sessions/{session['id']}/").status_code == 204
    staff_deleted = Measurement.objects.create(
        patient=patient, date=days_ago(patient, 1), key="normal_gait", value=1
    )
    assert (
        api(enrolled.physio).delete(f"/api/v1/measurements/{staff_deleted.pk}/").status_code == 204
    )

    body = api(enrolled.physio).get(url(patient)).json()

    assert body["count"] == 2
    assert [(r["id"], r["kind"]) for r in body["results"]] == [
        (session["id"], "session"),
        (old["id"], "checkin"),
    ]
    assert body["results"][1]["date"] == old["date"]
    assert set(body["results"][0]) == {"id", "kind", "date", "deleted_at"}
    recent = api(enrolled.colleague).get(url(patient, f"?from={days_ago(patient, 1)}")).json()
    assert [r["kind"] for r in recent["results"]] == ["session"]


def test_only_the_patients_clinic_staff_read_what_they_deleted(enrolled, api):
    patient = enrolled.patient
    assert api(patient.user).get(url(patient)).status_code == 403
    assert api(enrolled.other_patient.user).get(url(patient)).status_code == 403
    assert api(enrolled.outsider).get(url(patient)).status_code == 404
    assert api(enrolled.clinic_admin).get(url(patient)).json()["count"] == 0


def test_a_bad_date_is_a_400_naming_the_parameter(enrolled, api):
    response = api(enrolled.physio).get(url(enrolled.patient, "?from=yesterday"))
    assert response.status_code == 400
    assert response.json() == {"from": ["Use a date like 2026-03-31."]}
