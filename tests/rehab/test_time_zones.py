"""'Today' is the patient's own local date, wherever they are."""

import datetime as dt
import uuid

import pytest
import time_machine

from rehab.enrolments import enrol
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

# 23:30 UTC on 10 March: already 11 March in Auckland (UTC+13), still 10 March in Los Angeles.
NEAR_MIDNIGHT_UTC = dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC)


@pytest.fixture
def travellers(cast, shipped):
    people = {}
    for zone in ["Pacific/Auckland", "America/Los_Angeles"]:
        patient = PatientFactory(
            clinic=cast.physio.clinic, treating_physio=cast.physio, timezone=zone
        )
        enrol(
            patient=patient,
            version=shipped["pht-loading"],
            side="left",
            start_date=dt.date(2026, 2, 1),
            created_by=cast.physio,
        )
        people[zone] = patient
    return people


def checkin(api, patient, date):
    body = {"id": str(uuid.uuid4()), "date": date, "pain_rest": 1, "pain_morning": 2}
    return api(patient.user).post("/api/v1/checkins/", body, format="json")


@time_machine.travel(NEAR_MIDNIGHT_UTC, tick=False)
def test_auckland_logs_its_own_today_which_is_tomorrow_in_utc(travellers, api):
    response = checkin(api, travellers["Pacific/Auckland"], "2026-03-11")
    assert response.status_code == 201
    assert api(travellers["Pacific/Auckland"].user).get("/api/v1/today/").json()["checkin_done"]


@time_machine.travel(NEAR_MIDNIGHT_UTC, tick=False)
def test_los_angeles_logs_its_own_today_and_not_tomorrow(travellers, api):
    assert checkin(api, travellers["America/Los_Angeles"], "2026-03-10").status_code == 201
    future = checkin(api, travellers["America/Los_Angeles"], "2026-03-11")
    assert future.status_code == 400
    assert future.json() == {
        "date": ["This date is in the future: today is 2026-03-10 where you are."]
    }
