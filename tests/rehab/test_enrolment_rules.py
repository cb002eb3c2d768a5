"""Enrolment rules of PROTOCOLS.md sections 4 and 6: the non-operative injury date, and
return-to-run entry (confirmed, and refused while an urgent flag or a phase forbids it)."""

import datetime as dt

import pytest

from rehab.models import Enrolment
from tests.rehab.conftest import days_ago

pytestmark = pytest.mark.django_db


def avulsion_body(patient, **overrides):
    body = {"patient": patient.pk, "protocol": "hamstring-avulsion", "track": "non_operative",
            "side": "right", "start_date": days_ago(patient, 3).isoformat(),
            "injury_date": days_ago(patient, 10).isoformat()}  # fmt: skip
    return {k: v for k, v in {**body, **overrides}.items() if v is not None}


def post(api, user, body):
    return api(user).post("/api/v1/enrolments/", body, format="json")


def test_the_non_operative_track_needs_the_injury_date(cast, api, shipped):
    response = post(api, cast.physio, avulsion_body(cast.patient, injury_date=None))
    assert response.status_code == 400
    assert response.json() == {"injury_date": ["The non-operative track needs the injury date."]}
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"injury_date": 1}, "Injury date cannot be after the start date."),
        ({"track": "operative", "surgery_date": 8, "injury_date": 5},
         "Injury date cannot be after the surgery date."),
        ({"start_date": -3, "injury_date": -2}, "Injury date cannot be in the future."),
    ],
)  # fmt: skip
def test_an_injury_date_after_the_start_or_surgery_or_in_the_future_is_400(
    cast, api, shipped, overrides, message
):
    dated = {k: (days_ago(cast.patient, v).isoformat() if k.endswith("date") else v)
             for k, v in overrides.items()}  # fmt: skip
    response = post(api, cast.physio, avulsion_body(cast.patient, **dated))
    assert response.status_code == 400
    assert message in response.json().get("injury_date", [])


def test_the_non_operative_time_floor_counts_from_the_injury(cast, api, shipped):
    body = avulsion_body(cast.patient, injury_date=days_ago(cast.patient, 100).isoformat())
    created = post(api, cast.physio, body).json()
    assert created["current_phase"]["key"] == "phase-2"
    gate = api(cast.physio).post(f"/api/v1/enrolments/{created['id']}/evaluate/").json()
    floors = [c for c in gate["criteria"] if c["key"] == "days_since"]
    assert [(c["observed"], c["met"]) for c in floors] == [(100, True)]
    assert "injury" in floors[0]["label"]


def test_the_non_operative_track_is_not_called_a_tendon_repair(cast, api, shipped):
    body = api(cast.physio).get("/api/v1/protocols/hamstring-avulsion/").json()
    non_operative = [t for t in body["tracks"] if t["key"] == "non_operative"]
    assert "repair" not in non_operative[0]["name"].lower()
    assert "repair" not in body["name"].lower()
    assert "repair" not in body["disclaimer"].lower()


def test_a_date_more_than_a_day_ahead_is_never_accepted(cast, api, shipped):
    ahead = (cast.patient.local_today() + dt.timedelta(days=2)).isoformat()
    response = post(api, cast.physio, avulsion_body(cast.patient, start_date=ahead,
                                                    injury_date=ahead))  # fmt: skip
    assert response.status_code == 400
