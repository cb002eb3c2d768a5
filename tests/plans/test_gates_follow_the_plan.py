"""The gates count adherence against the patient's plan: a paused exercise is not missed,
an added one is planned. The engine stays pure: the state carries the plan's doses."""

import datetime as dt

import pytest

from plans import services
from rehab import gates
from rehab.gate_state import load_state
from rehab.models import ExerciseSession

pytestmark = pytest.mark.django_db


def adherence(enrolment, today):
    gate = next(g for g in enrolment.version.parsed.gates if g.from_phase == "stage-1")
    criterion = next(c for c in gate.criteria if c.kind == "adherence")
    return gates.check(criterion, load_state(enrolment, today))


def test_adherence_counts_against_the_plan_not_the_protocol(enrolled):
    enrolment = enrolled.patient.enrolments.get()
    today = enrolled.patient.local_today()
    for days_ago in range(0, 14, 2):  # 7 sessions in 14 days: every other day
        ExerciseSession.objects.create(
            patient=enrolled.patient,
            enrolment=enrolment,
            date=today - dt.timedelta(days_ago),
            pain_during=1,
            pain_after=1,
        )
    before = adherence(enrolment, today)
    assert (before.met, before.observed) == (False, 50)  # 7 of 14 daily sessions

    # The physio pauses the daily holds but one, and doses that one at 4 a week.
    for key in ("prone_knee_flexion_hold", "straight_leg_heel_pull_down_hold"):
        services.make_change(
            enrolment=enrolment, user=enrolled.physio, kind="pause", exercise=key, reason="Cramps"
        )
    services.make_change(
        enrolment=enrolment,
        user=enrolled.physio,
        kind="dose",
        exercise="bridge_hold",
        dose={"sessions_per_week": 4},
        reason="Busy",
    )
    enrolment.refresh_from_db()
    after = adherence(enrolment, today)
    assert (after.met, after.observed) == (True, 88)  # 7 of 8 planned
    assert "7 of 8 planned sessions" in after.explanation

    # Resumed, the daily hold is planned again.
    services.make_change(
        enrolment=enrolment,
        user=enrolled.physio,
        kind="resume",
        exercise="prone_knee_flexion_hold",
        reason="Better",
    )
    state = load_state(enrolment, today)
    assert state.sessions_per_week == 7
    assert [rx.exercise for rx in state.prescriptions] == ["bridge_hold", "prone_knee_flexion_hold"]


def test_without_a_plan_the_state_is_the_protocols(enrolled):
    enrolment = enrolled.patient.enrolments.get()
    state = load_state(enrolment, enrolled.patient.local_today())
    assert state.sessions_per_week == 7
    assert len(state.prescriptions) == 3


def test_an_added_exercise_is_planned_too(enrolled):
    enrolment = enrolled.patient.enrolments.get()
    enrolment.current_phase = enrolment.version.phases.get(key="stage-2")
    enrolment.save()
    today = enrolled.patient.local_today()
    assert load_state(enrolment, today).sessions_per_week == 2
    services.make_change(
        enrolment=enrolment,
        user=enrolled.physio,
        kind="add",
        exercise="bridge_hold",
        reason="Keep the holds going",
        dose={"sets": 4, "hold_s": 30, "sessions_per_week": 5},
    )
    state = load_state(enrolment, today)
    assert state.sessions_per_week == 5
    assert state.prescriptions[-1].exercise == "bridge_hold"
    assert state.prescriptions[-1].unlock is None
