"""Every validation rule of the write path: a 400 with a message a person understands."""

import datetime as dt

import pytest

from rehab.models import CheckIn, ExerciseSession, Measurement, Run
from tests.rehab.conftest import checkin_body, days_ago, session_body

pytestmark = pytest.mark.django_db

PAIN = "Pain is a whole number from 0 (none) to 10 (worst imaginable)."


def post(api, user, path, body):
    return api(user).post(path, body, format="json")


@pytest.mark.parametrize("field", ["pain_rest", "pain_morning", "load_test_pain"])
@pytest.mark.parametrize("value", [-1, 11, 4.5, "lots"])
def test_checkin_pain_must_be_a_whole_number_from_0_to_10(enrolled, api, field, value):
    body = checkin_body(enrolled.patient, **{field: value})
    response = post(api, enrolled.patient.user, "/api/v1/checkins/", body)
    assert response.status_code == 400
    assert response.json() == {field: [PAIN]}
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("value", [-5, 601])
def test_sitting_minutes_are_0_to_600(enrolled, api, value):
    body = checkin_body(enrolled.patient, sitting_minutes=value)
    response = post(api, enrolled.patient.user, "/api/v1/checkins/", body)
    assert response.json() == {
        "sitting_minutes": ["Sitting minutes must be a whole number from 0 to 600."]
    }


def test_an_unknown_red_flag_is_refused(enrolled, api):
    body = checkin_body(enrolled.patient, red_flags=["neuro", "headache"])
    response = post(api, enrolled.patient.user, "/api/v1/checkins/", body)
    assert response.json() == {
        "red_flags": {"1": ["'headache' is not a red-flag question we ask."]}
    }


def test_a_derived_red_flag_cannot_be_answered(enrolled, api):
    body = checkin_body(enrolled.patient, red_flags=["escalating"])
    response = post(api, enrolled.patient.user, "/api/v1/checkins/", body)
    assert response.status_code == 400


def test_the_id_must_be_a_uuid(enrolled, api):
    body = checkin_body(enrolled.patient, id="12")
    response = post(api, enrolled.patient.user, "/api/v1/checkins/", body)
    assert response.json() == {
        "id": ["The id must be a UUID made by the app (e.g. from crypto.randomUUID())."]
    }


def test_a_missing_field_is_named(enrolled, api):
    body = checkin_body(enrolled.patient)
    del body["pain_morning"]
    response = post(api, enrolled.patient.user, "/api/v1/checkins/", body)
    assert response.json() == {"pain_morning": ["This field is required."]}


def test_a_date_in_the_future_is_refused(enrolled, api):
    tomorrow = enrolled.patient.local_today() + dt.timedelta(days=1)
    body = checkin_body(enrolled.patient, date=tomorrow.isoformat())
    response = post(api, enrolled.patient.user, "/api/v1/checkins/", body)
    today = enrolled.patient.local_today()
    assert response.json() == {
        "date": [f"This date is in the future: today is {today:%Y-%m-%d} where you are."]
    }


def test_a_date_before_the_first_enrolment_is_refused(enrolled, api):
    body = checkin_body(enrolled.patient, date=days_ago(enrolled.patient, 31).isoformat())
    response = post(api, enrolled.patient.user, "/api/v1/checkins/", body)
    start = days_ago(enrolled.patient, 30)
    assert response.json() == {
        "date": [f"This date is before your programme started ({start:%Y-%m-%d})."]
    }


def test_a_patient_without_a_programme_cannot_log(cast, api, shipped):
    response = post(api, cast.patient.user, "/api/v1/checkins/", checkin_body(cast.patient))
    assert response.json() == {
        "date": ["You are not on a programme yet, so there is nothing to log."]
    }


def test_a_malformed_date_is_refused(enrolled, api):
    body = checkin_body(enrolled.patient, date="31/12/2026")
    response = post(api, enrolled.patient.user, "/api/v1/checkins/", body)
    assert response.status_code == 400
    assert "Date has wrong format" in response.json()["date"][0]


@pytest.mark.parametrize(
    ("exercise", "message"),
    [
        (
            {"exercise": "bridge_hold", "sets": 0},
            {"sets": ["Sets must be a whole number from 1 to 20."]},
        ),
        (
            {"exercise": "bridge_hold", "reps": 500},
            {"reps": ["Reps must be a whole number from 1 to 200."]},
        ),
        (
            {"exercise": "bridge_hold", "hold_s": 601},
            {"hold_s": ["Hold seconds must be a whole number from 1 to 600."]},
        ),
        (
            {"exercise": "bridge_hold", "load_kg": -2},
            {"load_kg": ["Load (kg) must be a number from 0 to 500."]},
        ),
    ],
)
def test_session_doses_are_within_sane_ranges(enrolled, api, exercise, message):
    body = session_body(enrolled.patient, exercises=[exercise])
    response = post(api, enrolled.patient.user, "/api/v1/sessions/", body)
    assert response.json() == {"exercises": {"0": message}}
    assert not ExerciseSession.objects.exists()


def test_an_exercise_outside_the_programme_is_refused(enrolled, api):
    body = session_body(enrolled.patient, exercises=[{"exercise": "bench_press", "sets": 3}])
    response = post(api, enrolled.patient.user, "/api/v1/sessions/", body)
    assert response.json() == {"exercises": ["Not an exercise of your programme: bench_press."]}


def test_session_pain_is_0_to_10(enrolled, api):
    body = session_body(enrolled.patient, pain_after=12)
    response = post(api, enrolled.patient.user, "/api/v1/sessions/", body)
    assert response.json() == {"pain_after": [PAIN]}


def test_a_session_on_another_patients_enrolment_is_refused(enrolled, api):
    theirs = enrolled.other_patient.enrolments.get()
    body = session_body(enrolled.patient, enrolment=theirs.pk)
    response = post(api, enrolled.patient.user, "/api/v1/sessions/", body)
    assert response.json() == {"enrolment": [f"You have no programme with id {theirs.pk}."]}


def test_a_run_needs_the_return_to_run_plan(enrolled, api):
    body = {
        "id": "0b7c8a6e-4d0c-4b9e-9f57-0a4b0d6c2e11",
        "date": days_ago(enrolled.patient, 1).isoformat(),
        "level": 1,
        "run_min": 6,
        "walk_min": 24,
        "pain_during": 1,
        "pain_after": 1,
    }
    response = post(api, enrolled.patient.user, "/api/v1/runs/", body)
    assert response.json() == {"level": ["You are not on the return-to-run plan yet."]}
    assert not Run.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("level", 11, "Level must be a whole number from 1 to 10."),
        ("run_min", 400, "Minutes run must be a number from 0 to 300."),
        ("walk_min", -1, "Minutes walked must be a number from 0 to 300."),
        ("pain_during", 11, PAIN),
    ],
)
def test_run_fields_are_within_sane_ranges(enrolled, api, field, value, message):
    body = {
        "id": "0b7c8a6e-4d0c-4b9e-9f57-0a4b0d6c2e11",
        "date": days_ago(enrolled.patient, 1).isoformat(),
        "level": 1,
        "run_min": 6,
        "walk_min": 24,
        "pain_during": 1,
        "pain_after": 1,
    }
    response = post(api, enrolled.patient.user, "/api/v1/runs/", {**body, field: value})
    assert response.json() == {field: [message]}


def measurement(patient, **overrides):
    body = {
        "id": "5f0c1e0a-6f3e-4f43-9a9e-6a3c2b1d0e9f",
        "date": days_ago(patient, 1).isoformat(),
        "patient": patient.pk,
        "key": "phat",
        "value": 55,
    }
    return {**body, **overrides}


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"key": "grip"}, {"key": ["'grip' is not a measurement we record."]}),
        ({"key": "phat", "value": 120}, {"value": ["phat is from 0 to 100."]}),
        (
            {"key": "normal_gait", "value": 2},
            {"value": ["normal_gait is recorded as 1 (yes/positive) or 0 (no/negative)."]},
        ),
        (
            {"key": "single_leg_bridge_reps", "value": 20},
            {"side": ["single_leg_bridge_reps is recorded per side."]},
        ),
        (
            {"key": "knee_flexion_lsi", "value": 85},
            {"method": ["Record how strength was tested: 'isometric' or '10rm'."]},
        ),
        ({"side": "middle"}, {"side": ['"middle" is not a valid choice.']}),
    ],
)
def test_measurements_are_checked_against_their_key(enrolled, api, overrides, errors):
    response = post(
        api, enrolled.physio, "/api/v1/measurements/", measurement(enrolled.patient, **overrides)
    )
    assert response.status_code == 400
    assert response.json() == errors
    assert not Measurement.objects.exists()


def test_a_patient_records_phat_but_not_a_clinician_test(enrolled, api):
    user = enrolled.patient.user
    assert (
        post(api, user, "/api/v1/measurements/", measurement(enrolled.patient)).status_code == 201
    )
    test = measurement(
        enrolled.patient, id="9b1f3c55-3f6b-4e0e-8a43-2f8e0c4a7d21", key="normal_gait", value=1
    )
    response = post(api, user, "/api/v1/measurements/", test)
    assert response.json() == {
        "key": ["Only your physio can record this; you can record PHAT and VISA-H."]
    }


def test_staff_must_name_a_patient_of_their_clinic(enrolled, api):
    body = measurement(enrolled.patient)
    del body["patient"]
    response = post(api, enrolled.physio, "/api/v1/measurements/", body)
    assert response.json() == {"patient": ["Choose the patient."]}
    assert (
        post(
            api, enrolled.outsider, "/api/v1/measurements/", measurement(enrolled.patient)
        ).status_code
        == 404
    )


def test_a_body_over_the_limit_is_413_and_writes_nothing(enrolled, api, settings):
    body = checkin_body(enrolled.patient, note="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10))
    response = post(api, enrolled.patient.user, "/api/v1/checkins/", body)
    assert response.status_code == 413
    assert not CheckIn.objects.exists()


def test_a_body_that_is_not_json_is_a_clear_400(enrolled, api):
    response = api(enrolled.patient.user).post(
        "/api/v1/checkins/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]
