"""Today lists only unlocked exercises, and says what is next and what unlocks it."""

import pytest

from rehab.enrolments import enrol
from rehab.models import CheckIn, Enrolment
from tests.rehab.conftest import days_ago, session_body

pytestmark = pytest.mark.django_db
NEXT = "4 more sessions with pain 3 or less and a settled next morning"


@pytest.fixture
def stage_3(enrolled):
    """Robin in PHT stage 3 since 10 days ago, with a settled morning every day."""
    patient = enrolled.patient
    enrolment = patient.enrolments.get()
    Enrolment.objects.filter(pk=enrolment.pk).update(
        current_phase=enrolment.version.phases.get(key="stage-3"),
        phase_started_on=days_ago(patient, 10),
    )
    for n in range(17, -1, -1):
        CheckIn.objects.create(
            patient=patient, date=days_ago(patient, n), pain_rest=0, pain_morning=1
        )
    return enrolment


def today(api, patient, language=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = api(patient.user).get("/api/v1/today/", **headers)
    assert response.status_code == 200
    return response.json()


def log_session(api, patient, n, *, during=2, after=1):
    body = session_body(
        patient,
        date=days_ago(patient, n).isoformat(),
        pain_during=during,
        pain_after=after,
        exercises=[{"exercise": "block_straight_leg_deadlift", "sets": 3, "reps": 6}],
    )
    response = api(patient.user).post("/api/v1/sessions/", body, format="json")
    assert response.status_code == 201, response.json()


def test_stage_three_opens_with_the_block_deadlift_and_stage_two_work(enrolled, api, stage_3):
    body = today(api, enrolled.patient)
    assert [e["exercise"]["key"] for e in body["exercises"]] == [
        "block_straight_leg_deadlift",
        "heavy_bridge",
        "leg_curl",
        "ball_curl",
    ]
    (phase,) = body["phases"]
    assert [(x["exercise"]["key"], x["unlocks_after"]) for x in phase["locked"]] == [
        ("single_leg_romanian_deadlift", NEXT),
        ("single_leg_good_morning", NEXT),
        ("lunge", NEXT + ", after the previous ones unlock"),
        ("nordic_hamstring_curl", NEXT + ", after the previous ones unlock"),
    ]
    assert phase["locked"][0]["exercise"]["name"] == "Single-leg Romanian deadlift"
    assert "does not diagnose" in body["disclaimer"]


def test_a_dutch_patient_reads_what_unlocks_each_exercise_in_dutch(enrolled, api, stage_3):
    log_session(api, enrolled.patient, 9)
    (english,) = today(api, enrolled.patient)["phases"]
    (dutch,) = today(api, enrolled.patient, "nl")["phases"]
    first = "3 more sessions with pain 3 or less and a settled next morning"
    assert [x["unlocks_after"] for x in english["locked"]] == [first, first] + [
        NEXT + ", after the previous ones unlock"
    ] * 2
    now = "nog 3 trainingen met pijn 3 of minder en een rustige ochtend erna"
    later = "nog 4 trainingen met pijn 3 of minder en een rustige ochtend erna"
    assert [x["unlocks_after"] for x in dutch["locked"]] == [now, now] + [
        later + ", nadat de vorige zijn vrijgegeven"
    ] * 2


def test_four_settled_sessions_unlock_the_single_leg_hinges(enrolled, api, stage_3):
    for n in (9, 7, 5, 3):
        log_session(api, enrolled.patient, n)
    body = today(api, enrolled.patient)
    keys = [e["exercise"]["key"] for e in body["exercises"]]
    assert keys[-2:] == ["single_leg_romanian_deadlift", "single_leg_good_morning"]
    assert [(x["exercise"]["key"], x["remaining"]) for x in body["phases"][0]["locked"]] == [
        ("lunge", 4),
        ("nordic_hamstring_curl", 4),
    ]


def test_an_amber_session_restarts_the_count(enrolled, api, stage_3):
    for n, after in ((9, 1), (7, 1), (5, 4), (3, 1)):  # pain after 4 is amber
        log_session(api, enrolled.patient, n, after=after)
    (first, *_) = today(api, enrolled.patient)["phases"][0]["locked"]
    assert (first["exercise"]["key"], first["remaining"]) == ("single_leg_romanian_deadlift", 3)


def test_a_phase_without_unlocks_lists_every_exercise_and_nothing_locked(enrolled, api):
    body = today(api, enrolled.patient)
    assert body["phases"][0]["locked"] == []
    assert len(body["exercises"]) == 3


def test_avulsion_phase_one_shows_hamstring_sets_once_the_surgeon_allows_them(cast, api, shipped):
    patient = cast.patient
    enrol(
        patient=patient,
        version=shipped["hamstring-avulsion"],
        side="right",
        track="operative",
        start_date=days_ago(patient, 5),
        surgery_date=days_ago(patient, 5),
        injury_date=days_ago(patient, 9),
        created_by=cast.physio,
    )
    body = today(api, patient)
    assert [e["exercise"]["key"] for e in body["exercises"]] == [
        "ankle_pumps",
        "quad_sets",
        "core_activation",
    ]
    (locked,) = body["phases"][0]["locked"]
    assert locked["exercise"]["key"] == "hamstring_sets"
    assert (
        locked["unlocks_after"] == "your physio confirms: your surgeon allows gentle hamstring sets"
    )
    (dutch,) = today(api, patient, "nl")["phases"][0]["locked"]
    assert dutch["unlocks_after"] == (
        "je fysiotherapeut bevestigt: je chirurg staat lichte hamstringoefeningen toe"
    )
    check = {
        "id": "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
        "date": days_ago(patient, 0).isoformat(),
        "patient": patient.pk,
        "key": "surgeon_allows_hamstring_sets",
        "value": 1,
    }
    assert api(cast.physio).post("/api/v1/measurements/", check, format="json").status_code == 201
    body = today(api, patient)
    assert "hamstring_sets" in [e["exercise"]["key"] for e in body["exercises"]]
    assert body["phases"][0]["locked"] == []


def test_the_protocols_api_shows_each_prescriptions_unlock(cast, api, shipped):
    body = api(cast.physio).get("/api/v1/protocols/pht-loading/").json()
    (stage_3,) = [p for p in body["phases"] if p["key"] == "stage-3"]
    unlocks = {rx["exercise"]["key"]: rx["unlock"] for rx in stage_3["prescriptions"]}
    assert unlocks["block_straight_leg_deadlift"] is None
    assert unlocks["lunge"] == {
        "group": "lunge-and-nordic",
        "after": "sessions_tolerated",
        "sessions": 4,
        "days": None,
        "check": None,
        "label": None,
    }
    gate = [g for g in body["gates"] if g["from_phase"] == "stage-3"][0]
    assert "exercises_unlocked" in [c["kind"] for c in gate["criteria"]]


def test_a_session_dated_today_waits_for_tomorrows_morning(enrolled, api, stage_3):
    for n in (9, 7, 5, 0):
        log_session(api, enrolled.patient, n)
    (first, *_) = today(api, enrolled.patient)["phases"][0]["locked"]
    assert first["remaining"] == 1
