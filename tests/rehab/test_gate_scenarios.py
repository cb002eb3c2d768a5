"""Scenarios through the API for each shipped protocol: ready, hold, flare, advance."""

import datetime as dt

import pytest

from rehab.enrolments import enrol
from rehab.models import (
    Alert,
    CheckIn,
    Enrolment,
    ExerciseSession,
    Measurement,
    PhaseTransition,
    Run,
)
from rehab.reviews import override
from tests.rehab.conftest import checkin_body

pytestmark = pytest.mark.django_db


def ago(patient, n):
    return patient.local_today() - dt.timedelta(days=n)


def daily_logs(enrolment, days=20, *, morning=2, during=2, load_test=2, sessions=True):
    patient = enrolment.patient
    for n in range(days, -1, -1):
        CheckIn.objects.create(
            patient=patient,
            date=ago(patient, n),
            pain_rest=0,
            pain_morning=morning,
            load_test_pain=load_test,
        )
        if sessions:
            ExerciseSession.objects.create(
                patient=patient,
                enrolment=enrolment,
                date=ago(patient, n),
                pain_during=during,
                pain_after=max(during - 1, 0),
            )


def measure(patient, key, value, days_ago=1, side="", method=""):
    Measurement.objects.create(
        patient=patient, date=ago(patient, days_ago), key=key, value=value, side=side, method=method
    )


@pytest.fixture
def pht(cast, shipped):
    return enrol(
        patient=cast.patient,
        version=shipped["pht-loading"],
        side="left",
        start_date=ago(cast.patient, 20),
        created_by=cast.physio,
    )


def evaluate(api, cast, enrolment):
    response = api(cast.physio).post(f"/api/v1/enrolments/{enrolment.pk}/evaluate/")
    assert response.status_code == 200
    return response.json()


def test_a_patient_who_meets_stage_one_is_ready_for_review(cast, api, pht):
    daily_logs(pht)
    gate = evaluate(api, cast, pht)
    assert gate["decision"] == "ready_for_review", gate
    assert (gate["to_phase"], gate["mode"]) == ("stage-2", "review")
    assert all(c["met"] for c in gate["criteria"])
    assert {c["key"] for c in gate["criteria"]} >= {"days_in_phase", "adherence", "no_flare"}
    body = api(cast.physio).get(f"/api/v1/enrolments/{pht.pk}/").json()
    assert body["pending_review"]["to_phase"] == "stage-2"
    assert body["current_phase"]["key"] == "stage-1"  # waits for the physio
    assert Alert.objects.filter(kind="ready_for_review", enrolment=pht).count() == 1


def test_an_injection_pauses_the_pain_goals_for_the_washout(cast, api, pht):
    daily_logs(pht)
    patient = cast.patient
    refused = api(patient.user).post(
        "/api/v1/treatments/",
        {
            "id": "5d3c8f2e-0b7a-4c39-9a51-1f6f1d2a7c10",
            "date": ago(patient, 3).isoformat(),
            "kind": "corticosteroid_injection",
        },
        format="json",
    )
    assert refused.status_code == 403  # the physio records treatments
    recorded = api(cast.physio).post(
        "/api/v1/treatments/",
        {
            "id": "5d3c8f2e-0b7a-4c39-9a51-1f6f1d2a7c10",
            "patient": patient.pk,
            "date": ago(patient, 3).isoformat(),
            "kind": "corticosteroid_injection",
            "side": "left",
            "note": "Ischial bursa, ultrasound guided",
        },
        format="json",
    )
    assert recorded.status_code == 201, recorded.json()
    assert recorded.json()["recorded_by"] == cast.physio.pk

    gate = evaluate(api, cast, pht)
    assert gate["decision"] == "hold"
    paused = [c for c in gate["criteria"] if not c["met"]]
    assert paused and all("paused until" in c["explanation"] for c in paused), paused
    until = ago(patient, 3) + dt.timedelta(days=14)
    assert f"{until:%d %b}" in paused[0]["explanation"]
    assert api(patient.user).get("/api/v1/treatments/").json()["count"] == 1  # theirs to read


def test_evaluating_twice_changes_nothing(cast, api, pht):
    daily_logs(pht)
    evaluate(api, cast, pht)
    evaluate(api, cast, pht)
    assert PhaseTransition.objects.filter(enrolment=pht).count() == 1
    assert Alert.objects.filter(enrolment=pht).count() == 1


def test_an_amber_session_holds_and_says_why(cast, api, pht):
    daily_logs(pht)
    ExerciseSession.objects.filter(enrolment=pht, date=ago(cast.patient, 1)).update(pain_during=4)
    gate = evaluate(api, cast, pht)
    assert gate["decision"] == "hold"
    worst = next(c for c in gate["criteria"] if c["key"] == "log_worst")
    assert worst["met"] is False
    assert worst["explanation"] == (
        "not yet: pain during exercise reached 4/10 on 1 of your last 7 sessions; "
        "the goal is 3 or less"
    )
    assert not PhaseTransition.objects.exists()


def test_missing_logs_read_not_enough_data_and_never_pass(cast, api, pht):
    gate = evaluate(api, cast, pht)
    assert gate["decision"] == "hold"
    worst = next(c for c in gate["criteria"] if c["key"] == "log_worst")
    assert worst["met"] is False
    assert worst["explanation"].startswith("not enough data yet")


def test_a_red_session_in_stage_two_flares_and_proposes_a_step_back(cast, api, pht):
    override(enrolment_id=pht.pk, to_phase_key="stage-2", reason="started late", user=cast.physio)
    daily_logs(pht, days=10)
    ExerciseSession.objects.filter(enrolment=pht, date=ago(cast.patient, 0)).update(pain_during=7)
    gate = evaluate(api, cast, pht)
    assert gate["decision"] == "flare"
    assert (
        gate["flare_reasons"][0]["label"]
        == "pain in the red zone during your last exercise session"
    )
    pending = PhaseTransition.objects.get(enrolment=pht, status="pending")
    assert (pending.decision, pending.to_phase.key) == ("flare", "stage-1")
    assert Alert.objects.get(kind="flare", enrolment=pht).severity == "high"
    evaluate(api, cast, pht)  # the same flare is acted on once
    assert PhaseTransition.objects.filter(enrolment=pht, decision="flare").count() == 1


def test_a_morning_pain_jump_raises_a_flare(cast, api, pht):
    daily_logs(pht)
    CheckIn.objects.filter(patient=cast.patient, date=ago(cast.patient, 0)).update(pain_morning=5)
    gate = evaluate(api, cast, pht)
    assert gate["decision"] == "flare"
    assert gate["flare_reasons"][0]["key"] == "morning_pain_rise"
    # stage 1 is the first stage: the patient stays and the physio is alerted
    assert Enrolment.objects.get(pk=pht.pk).current_phase.key == "stage-1"
    assert Alert.objects.filter(kind="flare", enrolment=pht).exists()


@pytest.mark.parametrize(
    ("days_since_surgery", "decision"), [(41, "hold"), (42, "ready_for_review")]
)
def test_the_operative_track_cannot_leave_phase_one_before_42_days(
    cast, api, shipped, days_since_surgery, decision
):
    patient = cast.patient
    surgery = ago(patient, days_since_surgery)
    enrolment = enrol(
        patient=patient,
        version=shipped["hamstring-avulsion"],
        side="right",
        track="operative",
        start_date=surgery,
        surgery_date=surgery,
        created_by=cast.physio,
    )
    daily_logs(enrolment, days=days_since_surgery)
    measure(patient, "surgeon_cleared_fwb", 1)
    gate = evaluate(api, cast, enrolment)
    assert gate["decision"] == decision
    since = next(c for c in gate["criteria"] if c["key"] == "days_since")
    assert since["observed"] == days_since_surgery


@pytest.fixture
def rtr(cast, shipped):
    return enrol(
        patient=cast.patient,
        version=shipped["return-to-run"],
        side="left",
        start_date=ago(cast.patient, 14),
        created_by=cast.physio,
        entry_confirmed=True,
    )


def run(enrolment, days_ago, *, level=1, during=1, after=1, limp=False):
    Run.objects.create(
        patient=enrolment.patient,
        enrolment=enrolment,
        date=ago(enrolment.patient, days_ago),
        level=level,
        run_min=6,
        walk_min=24,
        pain_during=during,
        pain_after=after,
        limp=limp,
    )


def test_return_to_run_advances_by_itself_after_two_green_runs(cast, api, rtr):
    daily_logs(rtr, days=14, morning=1, sessions=False)
    run(rtr, 4)
    run(rtr, 2)
    gate = evaluate(api, cast, rtr)
    assert gate["decision"] == "advance", gate
    rtr.refresh_from_db()
    assert (rtr.current_phase.key, rtr.phase_started_on) == ("level-2", cast.patient.local_today())
    moved = PhaseTransition.objects.get(enrolment=rtr)
    assert (moved.status, moved.trigger, moved.to_phase.key) == ("applied", "physio", "level-2")


def test_a_run_the_day_after_a_run_does_not_count(cast, api, rtr):
    daily_logs(rtr, days=14, morning=1, sessions=False)
    run(rtr, 2)
    run(rtr, 1)
    gate = evaluate(api, cast, rtr)
    assert gate["decision"] == "hold"
    counted = next(c for c in gate["criteria"] if c["key"] == "runs_at_level")
    assert counted["observed"] == 1


def test_return_to_run_steps_back_by_itself_after_a_limp(cast, api, rtr):
    override(enrolment_id=rtr.pk, to_phase_key="level-3", reason="fit", user=cast.physio)
    daily_logs(rtr, days=14, morning=1, sessions=False)
    run(rtr, 0, level=3, limp=True)
    gate = evaluate(api, cast, rtr)
    assert gate["decision"] == "flare"
    rtr.refresh_from_db()
    assert rtr.current_phase.key == "level-2"
    assert Alert.objects.filter(kind="flare", enrolment=rtr).exists()


def test_the_physio_approves_a_review_and_the_patient_moves(cast, api, pht):
    daily_logs(pht)
    evaluate(api, cast, pht)
    pending = PhaseTransition.objects.get(status="pending")
    response = api(cast.physio).post(
        f"/api/v1/transitions/{pending.pk}/approve/", {"note": "Good work"}
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["note"]) == ("approved", "Good work")
    pht.refresh_from_db()
    assert pht.current_phase.key == "stage-2"
    assert not Alert.objects.filter(kind="ready_for_review", acknowledged_at__isnull=True).exists()
    gate = api(cast.physio).get(f"/api/v1/enrolments/{pht.pk}/").json()["gate"]
    assert (gate["to_phase"], gate["decision"]) == ("stage-3", "hold")  # the new phase's goals
    again = api(cast.physio).post(f"/api/v1/transitions/{pending.pk}/decline/", {"note": "oops"})
    assert again.status_code == 409


def test_the_physio_declines_with_a_note_and_the_patient_stays(cast, api, pht):
    daily_logs(pht)
    evaluate(api, cast, pht)
    pending = PhaseTransition.objects.get(status="pending")
    response = api(cast.physio).post(
        f"/api/v1/transitions/{pending.pk}/decline/", {"note": "One more week"}
    )
    assert response.json()["status"] == "declined"
    assert Enrolment.objects.get(pk=pht.pk).current_phase.key == "stage-1"
    evaluate(api, cast, pht)  # not proposed again straight away
    assert not PhaseTransition.objects.filter(status="pending").exists()


def test_an_override_needs_a_reason_and_a_real_phase(cast, api, pht):
    url = f"/api/v1/enrolments/{pht.pk}/override/"
    assert api(cast.physio).post(url, {"to_phase": "stage-3", "reason": " "}).json() == {
        "reason": ["This field may not be blank."]
    }
    bad = api(cast.physio).post(url, {"to_phase": "stage-9", "reason": "why not"})
    assert bad.json() == {
        "to_phase": [
            "Choose one of this programme's phases: "
            "stage-1, stage-2, stage-3, stage-4, maintenance."
        ]
    }
    good = api(cast.physio).post(url, {"to_phase": "stage-3", "reason": "Strong already"})
    assert good.status_code == 201
    history = api(cast.physio).get(f"/api/v1/enrolments/{pht.pk}/transitions/").json()["results"]
    assert [(t["decision"], t["to_phase"], t["actor"], t["note"]) for t in history] == [
        ("override", "stage-3", "Pat Physio", "Strong already")
    ]
    assert api(cast.physio).get(f"/api/v1/enrolments/{pht.pk}/").json()["gate"]["to_phase"] == (
        "stage-4"
    )


def test_a_log_write_triggers_an_evaluation(cast, api, pht, django_capture_on_commit_callbacks):
    daily_logs(pht, days=19)
    CheckIn.objects.filter(date=ago(cast.patient, 0)).delete()
    with django_capture_on_commit_callbacks(execute=True):
        api(cast.patient.user).post("/api/v1/checkins/", checkin_body(cast.patient), format="json")
    transition = PhaseTransition.objects.get(enrolment=pht)
    assert (transition.decision, transition.trigger) == ("ready_for_review", "log")


def test_the_nightly_job_run_twice_makes_each_transition_once(cast, shipped):
    from rehab.tasks import nightly_evaluation
    from tests.factories import PatientFactory

    enrolments = []
    for _ in range(5):
        patient = PatientFactory(clinic=cast.physio.clinic, treating_physio=cast.physio)
        enrolment = enrol(
            patient=patient,
            version=shipped["pht-loading"],
            side="left",
            start_date=ago(patient, 20),
            created_by=cast.physio,
        )
        daily_logs(enrolment)
        enrolments.append(enrolment)
    assert nightly_evaluation(chunk_size=2) == 5
    assert nightly_evaluation(chunk_size=2) == 0  # each local date is judged once
    assert PhaseTransition.objects.filter(decision="ready_for_review").count() == 5
    assert {t.trigger for t in PhaseTransition.objects.all()} == {"nightly"}


def test_the_nightly_job_flags_a_patient_who_stopped_checking_in(cast, shipped, pht):
    from rehab.tasks import nightly_evaluation

    daily_logs(pht)
    CheckIn.objects.filter(date__gte=ago(cast.patient, 3)).delete()
    nightly_evaluation()
    nightly_evaluation()
    stalled = Alert.objects.get(kind="stalled")
    assert stalled.message.startswith("No check-in since")
