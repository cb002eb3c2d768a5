"""A deleted log is kept (PROTOCOLS.md 9.5) and read nowhere a live log is read: Today,
the caseload, the progress report and the logs' lists (which the charts draw); the gate
engine's reads are in test_decisions_over_time."""

import pytest

from exports import report
from rehab.models import CheckIn
from tests.rehab.conftest import checkin_body

pytestmark = pytest.mark.django_db


def caseload_row(api, cast):
    rows = api(cast.physio).get("/api/v1/caseload/").json()["results"]
    return next(r for r in rows if r["patient"]["id"] == cast.patient.pk)


def test_todays_deleted_checkin_is_read_by_nothing_that_reads_logs(enrolled, api):
    patient = enrolled.patient
    client = api(patient.user)
    body = checkin_body(patient, pain_rest=6, pain_morning=7)
    assert client.post("/api/v1/checkins/", body, format="json").status_code == 201
    assert client.get("/api/v1/today/").json()["checkin_done"] is True
    assert caseload_row(api, enrolled)["pain_14d"][-1] is not None
    assert report.patient_report(patient=patient)["latest"]["checkin"] is not None

    assert client.delete(f"/api/v1/checkins/{body['id']}/").status_code == 204

    assert client.get("/api/v1/today/").json()["checkin_done"] is False
    assert caseload_row(api, enrolled)["pain_14d"] == [None] * 14
    assert report.patient_report(patient=patient)["latest"]["checkin"] is None
    assert client.get("/api/v1/checkins/").json()["count"] == 0
    assert CheckIn.kept.get(pk=body["id"]).deleted_by == patient.user
