"""Enrolment rules of PROTOCOLS.md sections 4 and 6: the non-operative injury date, and
return-to-run entry (confirmed, and refused while an urgent flag or a phase forbids it)."""

import datetime as dt

import pytest

from rehab.enrolments import enrol
from rehab.models import CheckIn, Enrolment, Measurement
from tests.rehab.conftest import checkin_body, days_ago

pytestmark = pytest.mark.django_db


def avulsion_body(patient, **overrides):
    body = {
        "patient": patient.pk,
        "protocol": "hamstring-avulsion",
        "track": "non_operative",
        "side": "right",
        "start_date": days_ago(patient, 3).isoformat(),
        "injury_date": days_ago(patient, 10).isoformat(),
    }
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
        (
            {"track": "operative", "surgery_date": 8, "injury_date": 5},
            "Injury date cannot be after the surgery date.",
        ),
        ({"start_date": -3, "injury_date": -2}, "Injury date cannot be in the future."),
    ],
)
def test_an_injury_date_after_the_start_or_surgery_or_in_the_future_is_400(
    cast, api, shipped, overrides, message
):
    dated = {
        k: (days_ago(cast.patient, v).isoformat() if k.endswith("date") else v)
        for k, v in overrides.items()
    }
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
    response = post(
        api, cast.physio, avulsion_body(cast.patient, start_date=ahead, injury_date=ahead)
    )
    assert response.status_code == 400


# --- return-to-run entry (PROTOCOLS.md section 6)


def rtr_body(patient, **overrides):
    body = {
        "patient": patient.pk,
        "protocol": "return-to-run",
        "side": "left",
        "start_date": days_ago(patient, 0).isoformat(),
    }
    return {**body, **overrides}


def record_entry_items(patient, *, days_before_start=1):
    on = days_ago(patient, days_before_start)
    rows = [("pain_free_walk_min", 30, ""), ("pain_free_drop_lunge", 1, "")]
    rows += [
        (key, value, side)
        for key, value in (("single_leg_squat_reps", 10), ("single_leg_bridge_reps", 20))
        for side in ("left", "right")
    ]
    for key, value, side in rows:
        Measurement.objects.create(patient=patient, date=on, key=key, value=value, side=side)
    for n in range(7):
        CheckIn.objects.create(
            patient=patient, date=days_ago(patient, n), pain_rest=0, pain_morning=1
        )


def test_return_to_run_without_the_entry_confirmed_or_recorded_is_400_naming_what_is_missing(
    cast, api, shipped
):
    response = post(api, cast.physio, rtr_body(cast.patient))
    assert response.status_code == 400
    (message,) = response.json()["entry_confirmed"]
    assert "Confirm the entry checklist" in message
    assert "within the 14 days up to the start date" in message
    assert "a 30-minute brisk walk with no pain and no limp" in message
    assert "pain-free unweighted drop lunge" in message
    assert not Enrolment.objects.exists()


def test_return_to_run_with_the_entry_confirmed_records_one_check_on_the_start_date(
    cast, api, shipped
):
    response = post(api, cast.physio, rtr_body(cast.patient, entry_confirmed=True))
    assert response.status_code == 201
    (check,) = Measurement.objects.filter(patient=cast.patient)
    assert (check.key, check.value, check.date) == (
        "rtr_entry_confirmed",
        1,
        cast.patient.local_today(),
    )
    assert check.recorded_by == cast.physio


def test_return_to_run_starts_on_entry_items_recorded_within_14_days(cast, api, shipped):
    record_entry_items(cast.patient, days_before_start=13)
    response = post(api, cast.physio, rtr_body(cast.patient))
    assert response.status_code == 201, response.json()
    assert not Measurement.objects.filter(key="rtr_entry_confirmed").exists()


def test_entry_items_older_than_14_days_do_not_count(cast, api, shipped):
    record_entry_items(cast.patient, days_before_start=20)
    response = post(api, cast.physio, rtr_body(cast.patient))
    assert response.status_code == 400
    message = response.json()["entry_confirmed"][0]
    assert "brisk walk" in message and "no pain at rest" not in message


def test_return_to_run_is_refused_while_another_phase_forbids_running(cast, api, shipped):
    assert post(api, cast.physio, avulsion_body(cast.patient)).status_code == 201  # phase II
    response = post(api, cast.physio, rtr_body(cast.patient, entry_confirmed=True))
    assert response.status_code == 400
    (message,) = response.json()["protocol"]
    assert message.startswith("Running is not allowed in Gait, balance and initial strength")
    assert Enrolment.objects.count() == 1
    assert not Measurement.objects.exists()  # nothing recorded for a refused enrolment


def answer_red_flags(api, cast, shipped, flags, *, days):
    """On tendinopathy loading, through the patient's own write path (which raises the
    alerts)."""
    patient = cast.patient
    enrol(
        patient=patient,
        version=shipped["pht-loading"],
        side="left",
        start_date=days_ago(patient, 10),
        created_by=cast.physio,
    )
    body = checkin_body(patient, date=days_ago(patient, days).isoformat(), red_flags=flags)
    assert api(patient.user).post("/api/v1/checkins/", body, format="json").status_code == 201


def test_return_to_run_is_refused_while_an_urgent_red_flag_is_open(cast, api, shipped):
    answer_red_flags(api, cast, shipped, ["neuro", "sciatic"], days=2)
    response = post(api, cast.physio, rtr_body(cast.patient, entry_confirmed=True))
    assert response.status_code == 400
    (message,) = response.json()["protocol"]
    assert "An urgent red flag is open: neuro" in message
    assert "neuro_cleared" in message and "sciatic" not in message


def test_a_cleared_red_flag_no_longer_blocks_and_a_correction_to_no_blocks_again(
    cast, api, shipped
):
    answer_red_flags(api, cast, shipped, ["bone_stress"], days=3)
    cleared = Measurement.objects.create(
        patient=cast.patient, date=days_ago(cast.patient, 1), key="bone_stress_cleared", value=1
    )
    assert post(api, cast.physio, rtr_body(cast.patient, entry_confirmed=True)).status_code == 201
    Enrolment.objects.filter(protocol__slug="return-to-run").update(status="withdrawn")
    Measurement.objects.create(
        patient=cast.patient, date=cleared.date, key="bone_stress_cleared", value=0
    )  # newest wins: the same-day correction
    response = post(api, cast.physio, rtr_body(cast.patient, entry_confirmed=True))
    assert response.status_code == 400
    assert "bone stress" in response.json()["protocol"][0]
