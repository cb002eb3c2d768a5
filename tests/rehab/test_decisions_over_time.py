"""Decisions over time (PROTOCOLS.md section 9): the clock moves night by night while the
patient logs through the public API and the real nightly task evaluates everyone. Each
scenario asserts the exact phase, transitions and alerts after every night."""

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from exports import builders
from rehab import gate_state, services
from rehab.enrolments import enrol
from rehab.models import (
    ActedEvidence,
    Alert,
    Enrolment,
    ExerciseSession,
    Measurement,
    PhaseTransition,
)
from rehab.tasks import nightly_evaluation
from tests.rehab.conftest import checkin_body

pytestmark = pytest.mark.django_db

DAY0 = dt.date(2026, 2, 2)  # Europe/London is on UTC in February: local time = UTC


class Clock:
    """Moves the clock to a local day and hour; everything the app dates follows it."""

    def __init__(self):
        self.traveller = None

    def at(self, day: int, hour: int = 8) -> dt.date:
        self.stop()
        moment = dt.datetime.combine(DAY0 + dt.timedelta(days=day), dt.time(hour), dt.UTC)
        self.traveller = time_machine.travel(moment, tick=False)
        self.traveller.start()
        return moment.date()

    def stop(self):
        if self.traveller is not None:
            self.traveller.stop()
            self.traveller = None


@pytest.fixture(autouse=True, params=["in_chunks", "one_by_one"])
def sweep(request, monkeypatch):
    """Every scenario runs both ways: the nightly sweep and a log evaluating their
    enrolments as one chunk, and each enrolment evaluated alone (a chunk of one, as the
    physio's evaluate does), in the chunk's order (a patient's running plan first, 9.1);
    the assertions are the same."""
    if request.param == "one_by_one":
        chunk = services.evaluate_many

        def order(pk):
            enrolment = Enrolment.objects.select_related("current_phase").get(pk=pk)
            return enrolment.patient_id, enrolment.current_phase.run_plan is None

        def one_by_one(*, enrolment_ids, **kwargs):
            results = {}
            for pk in sorted(enrolment_ids, key=order):
                results.update(chunk(enrolment_ids=[pk], **kwargs))
            return results

        monkeypatch.setattr(services, "evaluate_many", one_by_one)
    return request.param


@pytest.fixture
def clock():
    c = Clock()
    c.at(0)
    yield c
    c.stop()


def date(day: int) -> str:
    return (DAY0 + dt.timedelta(days=day)).isoformat()


class Patient:
    """The patient's phone and the physio's dashboard, both through the API."""

    def __init__(self, cast, clock):
        self.cast, self.clock = cast, clock
        # Signed in for weeks of moved clock: sign-in itself is tested elsewhere.
        self.me, self.physio = APIClient(), APIClient()
        self.me.force_authenticate(cast.patient.user)
        self.physio.force_authenticate(cast.physio)
        self.sent = {}  # the bodies the phone sent, by id, to replay

    def checkin(self, day, *, morning=1, rest=0, red_flags=(), load_test=1):
        self.clock.at(day, 7)
        body = checkin_body(
            self.cast.patient,
            date=date(day),
            pain_morning=morning,
            pain_rest=rest,
            load_test_pain=load_test,
            red_flags=list(red_flags),
        )
        response = self.me.post("/api/v1/checkins/", body, format="json")
        assert response.status_code == 201, response.json()

    def checkins(self, days, **kwargs):
        for day in days:
            self.checkin(day, **kwargs)

    def run(self, day, level, *, during=1, after=1, limp=False):
        self.clock.at(day, 18)
        body = {
            "id": str(uuid.uuid4()),
            "date": date(day),
            "level": level,
            "run_min": 20,
            "walk_min": 5,
            "pain_during": during,
            "pain_after": after,
            "limp": limp,
        }
        response = self.me.post("/api/v1/runs/", body, format="json")
        assert response.status_code == 201, response.json()
        return response.json()["id"]

    def session(self, day, enrolment, *, during=2, after=1):
        self.clock.at(day, 18)
        body = {
            "id": str(uuid.uuid4()),
            "date": date(day),
            "enrolment": enrolment.pk,
            "pain_during": during,
            "pain_after": after,
            "rpe": 5,
            "exercises": [],
        }
        response = self.me.post("/api/v1/sessions/", body, format="json")
        assert response.status_code == 201, response.json()
        self.sent[body["id"]] = body
        return body["id"]

    def night(self, day):
        """The nightly sweep that judges `day`: at 03:00 local the morning after (9.14)."""
        self.clock.at(day + 1, 3)
        nightly_evaluation()

    def evaluate(self, enrolment):
        response = self.physio.post(f"/api/v1/enrolments/{enrolment.pk}/evaluate/")
        assert response.status_code == 200, response.json()
        return response.json()

    def override(self, enrolment, to_phase, reason="Seen in clinic"):
        body = {"to_phase": to_phase, "reason": reason}
        response = self.physio.post(f"/api/v1/enrolments/{enrolment.pk}/override/", body)
        assert response.status_code == 201, response.json()

    def decide(self, transition, verb, note=""):
        return self.physio.post(f"/api/v1/transitions/{transition.pk}/{verb}/", {"note": note})


@pytest.fixture
def patient(cast, clock):
    return Patient(cast, clock)


def phase(enrolment) -> str:
    enrolment.refresh_from_db()
    return enrolment.current_phase.key


def flares(enrolment):
    return PhaseTransition.objects.filter(enrolment=enrolment, decision="flare")


def open_alerts(kind, **filters):
    return Alert.objects.filter(kind=kind, acknowledged_at__isnull=True, **filters)


@pytest.fixture
def rtr(cast, shipped, clock):
    clock.at(0, 6)
    return enrol(
        patient=cast.patient,
        version=shipped["return-to-run"],
        side="left",
        start_date=DAY0,
        created_by=cast.physio,
        entry_confirmed=True,
    )


@pytest.fixture
def pht(cast, shipped, clock):
    clock.at(0, 6)
    return enrol(
        patient=cast.patient,
        version=shipped["pht-loading"],
        side="left",
        start_date=DAY0,
        created_by=cast.physio,
    )


# --- 9.1: one limp acts once, whatever the number of evaluations


def test_one_limp_at_level_eight_steps_back_once_over_six_nights(patient, rtr):
    patient.override(rtr, "level-8")
    patient.checkins(range(0, 8))
    limp = patient.run(1, 8, limp=True)
    patient.night(1)
    assert phase(rtr) == "level-7"
    for night in range(2, 8):
        patient.night(night)
        assert phase(rtr) == "level-7", f"night {night}"
        assert flares(rtr).count() == 1
        assert Alert.objects.filter(kind="flare", enrolment=rtr).count() == 1
    assert ActedEvidence.objects.filter(enrolment=rtr, rule="limp_reported").count() == 1
    # The record names the move's evidence and actor (PROTOCOLS.md 9.17).
    history = patient.physio.get(f"/api/v1/enrolments/{rtr.pk}/transitions/").json()["results"]
    step_back = next(t for t in history if t["decision"] == "flare")
    assert (step_back["trigger"], step_back["actor"]) == ("nightly", None)
    assert [(e["rule"], e["evidence"], e["action"]) for e in step_back["evidence"]] == [
        ("limp_reported", f"run:{limp}", "stepped_back")
    ]


def test_two_evaluations_on_one_day_step_back_once(patient, rtr):
    patient.override(rtr, "level-5")
    patient.checkins(range(0, 2))
    patient.run(1, 5, during=7)
    assert patient.evaluate(rtr)["decision"] == "flare"
    assert patient.evaluate(rtr)["decision"] == "hold"
    patient.night(1)
    assert phase(rtr) == "level-4"
    assert flares(rtr).count() == 1


def test_an_override_is_not_undone_by_its_own_evaluation_on_an_old_limp(patient, rtr):
    patient.override(rtr, "level-8")
    patient.checkins(range(0, 6))
    patient.run(1, 8, limp=True)
    patient.night(1)
    assert phase(rtr) == "level-7"
    patient.clock.at(2, 10)
    patient.override(rtr, "level-8", reason="Limp was a stone in the shoe")
    assert phase(rtr) == "level-8"
    for night in range(2, 6):
        patient.night(night)
        assert phase(rtr) == "level-8", f"night {night}"
    assert flares(rtr).count() == 1


# --- 9.3 and section 6: runs count toward the level they belong to; goals wait for mornings


def test_return_to_run_needs_two_runs_per_level_and_the_morning_after_each(patient, rtr):
    expected = {}
    patient.checkins(range(0, 15))
    for day, level in [(5, 1), (7, 1), (9, 2), (11, 2)]:
        patient.run(day, level)
    for night in range(5, 15):
        patient.night(night)
        expected[night] = phase(rtr)
    assert expected == {
        5: "level-1",
        6: "level-1",
        7: "level-1",  # two runs, but the morning after the second has not come yet
        8: "level-2",  # the morning after came and was no higher than usual
        9: "level-2",  # the run that completed level 1 does not count again
        10: "level-2",
        11: "level-2",
        12: "level-3",
        13: "level-3",
        14: "level-3",
    }
    moves = PhaseTransition.objects.filter(enrolment=rtr, decision="advance").order_by("id")
    assert [(t.to_phase.key, t.evaluated_on) for t in moves] == [
        ("level-2", DAY0 + dt.timedelta(days=8)),
        ("level-3", DAY0 + dt.timedelta(days=12)),
    ]


# --- 9.1 and 9.2: a second flare is never dropped, and counts by its evidence date


def test_a_second_red_session_in_a_phase_that_flared_before_flares_again(patient, pht):
    patient.checkins(range(0, 16))
    patient.session(3, pht, during=7)
    patient.night(3)
    first = open_alerts("flare", enrolment=pht).get()
    assert first.message.startswith("Flare-up at the first phase")  # stage 1 is the floor
    patient.physio.post(f"/api/v1/alerts/{first.pk}/acknowledge/")
    patient.session(6, pht, during=7)
    patient.night(6)
    second = open_alerts("flare", enrolment=pht).get()
    assert second.pk != first.pk
    held = ActedEvidence.objects.filter(enrolment=pht, action="held_at_floor")
    assert sorted(held.values_list("evidence_on", flat=True)) == [
        DAY0 + dt.timedelta(days=3),
        DAY0 + dt.timedelta(days=6),
    ]
    patient.night(13)
    gate = Enrolment.objects.get(pk=pht.pk).gate_snapshot
    no_flare = next(c for c in gate["criteria"] if c["key"] == "no_flare")
    assert no_flare["met"] is False
    assert (DAY0 + dt.timedelta(days=6)).strftime("%d %b") in no_flare["explanation"]
    assert not PhaseTransition.objects.filter(enrolment=pht).exists()


def test_a_red_session_in_stage_two_proposes_one_step_back_and_approving_it_proposes_no_other(
    patient, pht
):
    patient.override(pht, "stage-2")
    patient.checkins(range(0, 8))
    patient.session(3, pht, during=7)
    patient.night(3)
    proposal = flares(pht).get()
    assert (proposal.status, proposal.to_phase.key) == ("pending", "stage-1")
    patient.clock.at(4, 9)
    assert patient.decide(proposal, "approve").status_code == 200
    for night in range(4, 8):
        patient.night(night)
        assert phase(pht) == "stage-1"
    assert flares(pht).count() == 1


def test_new_evidence_joins_a_pending_step_back(patient, pht):
    patient.override(pht, "stage-2")
    patient.checkins(range(0, 6))
    patient.session(3, pht, during=7)
    patient.night(3)
    patient.session(4, pht, during=8)
    patient.night(4)
    assert flares(pht).count() == 1
    joined = ActedEvidence.objects.get(enrolment=pht, action="joined")
    assert joined.transition == flares(pht).get()


# --- 9.7: an injection pauses the goals, never the flare


def test_a_red_session_three_days_after_an_injection_still_flares(patient, pht, cast):
    patient.override(pht, "stage-2")
    patient.checkins(range(0, 6))
    patient.clock.at(1, 12)
    injection = {
        "id": str(uuid.uuid4()),
        "patient": cast.patient.pk,
        "date": date(1),
        "kind": "corticosteroid_injection",
        "side": "left",
    }
    assert patient.physio.post("/api/v1/treatments/", injection, format="json").status_code == 201
    patient.session(4, pht, during=7)
    patient.night(4)
    assert flares(pht).get().status == "pending"
    assert Enrolment.objects.get(pk=pht.pk).gate_snapshot["decision"] == "flare"


# --- 9.8: an open urgent red flag blocks every advance until the physio clears it


def test_an_open_urgent_red_flag_blocks_level_moves_until_cleared(patient, rtr, cast):
    patient.checkins(range(0, 5))
    patient.checkin(5, red_flags=["non_mechanical"])
    patient.checkins(range(6, 12))
    patient.run(5, 1)
    patient.run(7, 1)
    alert = open_alerts("red_flag", key="non_mechanical").get()
    assert alert.severity == "urgent"
    patient.physio.post(f"/api/v1/alerts/{alert.pk}/acknowledge/")
    for night in (8, 9):
        patient.night(night)
        assert phase(rtr) == "level-1", f"night {night}: acknowledging does not clear"
    assert Enrolment.objects.get(pk=rtr.pk).gate_snapshot["blocked_by"] == ["non_mechanical"]
    patient.clock.at(10, 9)
    Measurement.objects.create(
        patient=cast.patient,
        date=DAY0 + dt.timedelta(days=10),
        key="non_mechanical_cleared",
        value=1,
        recorded_by=cast.physio,
    )
    patient.night(10)
    assert phase(rtr) == "level-2"


# --- 9.10: reviews


def stage_one_ready(patient, pht, last_day=15):
    patient.checkins(range(0, last_day + 1))
    for day in range(0, last_day + 1):
        patient.session(day, pht)


def test_a_flare_closes_a_pending_review_and_approving_it_is_refused(patient, pht):
    stage_one_ready(patient, pht)
    patient.night(15)
    proposal = PhaseTransition.objects.get(enrolment=pht, status="pending")
    assert proposal.decision == "ready_for_review"
    patient.session(16, pht, during=7)
    patient.checkin(16)
    patient.night(16)
    proposal.refresh_from_db()
    assert proposal.status == "closed" and proposal.reason.startswith("Closed by a flare-up")
    assert not open_alerts("ready_for_review").exists()
    assert Alert.objects.get(kind="ready_for_review").resolution == proposal.reason
    assert patient.decide(proposal, "approve").status_code == 409
    assert phase(pht) == "stage-1"  # the floor: held, and the physio alerted
    assert open_alerts("flare", enrolment=pht).get().message.startswith("Flare-up at the first")


def test_approval_is_refused_for_a_hold_from_new_evidence_and_closes_the_proposal(patient, pht):
    stage_one_ready(patient, pht)
    patient.night(15)
    proposal = PhaseTransition.objects.get(enrolment=pht, status="pending")
    patient.session(16, pht, during=4)  # amber: a hold
    patient.clock.at(16, 20)
    refused = patient.decide(proposal, "approve", "Looks good")
    assert refused.status_code == 409
    assert any("pain during exercise" in r for r in refused.json()["reasons"]), refused.json()
    proposal.refresh_from_db()
    assert proposal.status == "closed" and "Approval refused" in proposal.reason
    assert phase(pht) == "stage-1"


def test_approval_stands_when_a_window_merely_lapsed(patient, pht):
    stage_one_ready(patient, pht)
    patient.night(15)
    proposal = PhaseTransition.objects.get(enrolment=pht, status="pending")
    patient.clock.at(25, 9)  # the physio was away for ten days; nothing new was logged
    approved = patient.decide(proposal, "approve")
    assert approved.status_code == 200, approved.json()
    assert phase(pht) == "stage-2"
    gate = patient.physio.get(f"/api/v1/enrolments/{pht.pk}/").json()["gate"]
    assert (gate["phase"], gate["to_phase"]) == ("stage-2", "stage-3")


# --- 9.11: declines


def test_a_declined_advance_waits_seven_local_dates_from_the_decline(patient, pht):
    stage_one_ready(patient, pht, last_day=25)
    patient.night(15)
    patient.clock.at(17, 9)
    proposal = PhaseTransition.objects.get(enrolment=pht, status="pending")
    assert patient.decide(proposal, "decline", "One more week").status_code == 200
    for night in range(17, 24):
        patient.night(night)
        assert not PhaseTransition.objects.filter(enrolment=pht, status="pending").exists(), night
    patient.night(24)
    assert PhaseTransition.objects.filter(enrolment=pht, status="pending").count() == 1


# --- 9.13: attention alerts


def test_an_acknowledged_stalled_alert_returns_only_when_the_patient_stalls_again(patient, pht):
    patient.checkins(range(0, 3))
    patient.night(5)
    stalled = open_alerts("stalled").get()
    patient.physio.post(f"/api/v1/alerts/{stalled.pk}/acknowledge/")
    for night in range(6, 9):
        patient.night(night)
        assert not open_alerts("stalled").exists(), night
    patient.checkin(9)
    patient.night(9)
    assert not open_alerts("stalled").exists()
    patient.night(12)
    assert open_alerts("stalled").count() == 1
    assert Alert.objects.filter(kind="stalled").count() == 2


# --- Section 7: `escalating` from runs and from the three-day morning pattern


def test_a_run_at_eight_out_of_ten_raises_escalating_at_once(patient, rtr):
    patient.checkins(range(0, 2))
    patient.run(1, 1, during=8)
    assert open_alerts("red_flag", key="escalating").get().severity == "urgent"


def test_morning_pain_up_by_two_on_three_days_raises_escalating_once(patient, pht):
    patient.checkins(range(0, 7), morning=1)
    patient.checkins(range(7, 11), morning=4)
    for night in range(7, 12):
        patient.night(night)
    escalating = Alert.objects.filter(kind="red_flag", key="escalating")
    assert escalating.count() == 1
    assert ActedEvidence.objects.filter(rule="escalating").count() == 1


# --- The record: replaying nights changes nothing the first run did not


@pytest.mark.slow  # a month of nights over the whole demo clinic
def test_replaying_a_month_of_nights_over_the_demo_data_changes_nothing(clock, shipped):
    from rehab.demo import seed

    clock.at(0, 6)
    seed(password="a-long-demo-password")

    def counts():
        return (
            PhaseTransition.objects.count(),
            Alert.objects.count(),
            ActedEvidence.objects.count(),
            sorted(Enrolment.objects.values_list("id", "current_phase__key", "status")),
        )

    for night in range(1, 31):
        for hour in (3, 14):  # demo patients live in several time zones: each night comes
            clock.at(night, hour)  # at 03:00 in theirs
            nightly_evaluation()
            first = counts()
            assert nightly_evaluation() == 0  # each date is judged once...
            assert counts() == first, f"night {night}, {hour}:00"  # ...and changes nothing


# --- 9.5: corrections and deletions


def test_deleting_the_session_behind_a_proposed_step_back_closes_it(patient, pht):
    patient.override(pht, "stage-2")
    patient.checkins(range(0, 6))
    patient.session(3, pht, during=7)
    patient.night(3)
    proposal = flares(pht).get(status="pending")
    session_id = ActedEvidence.objects.get(transition=proposal).evidence.split(":", 1)[1]
    patient.clock.at(4, 9)
    assert patient.me.delete(f"/api/v1/sessions/{session_id}/").status_code == 204
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == (
        "closed",
        f"Evidence withdrawn: the session of {DAY0 + dt.timedelta(days=3):%d %b} was deleted.",
    )
    assert open_alerts("flare", key="evidence_changed").count() == 1
    patient.night(4)
    assert phase(pht) == "stage-2"


def test_a_deleted_session_behind_a_step_back_is_kept_but_read_nowhere(patient, pht):
    patient.override(pht, "stage-2")
    patient.checkins(range(0, 6))
    session_id = patient.session(3, pht, during=7)
    patient.night(3)
    proposal = flares(pht).get(status="pending")
    assert ActedEvidence.objects.get(transition=proposal).evidence == f"session:{session_id}"
    patient.clock.at(4, 9)
    assert patient.me.delete(f"/api/v1/sessions/{session_id}/").status_code == 204

    # Kept with who deleted it and when, and every version (9.5).
    kept = ExerciseSession.kept.get(pk=session_id)
    assert (kept.deleted_by, kept.pain_during) == (patient.cast.patient.user, 7)
    assert kept.deleted_at == timezone.now()
    versions = ExerciseSession.history.filter(id=session_id).order_by("history_date")
    assert [(v.history_type, v.deleted_at is None) for v in versions] == [("+", True), ("~", False)]
    # The step back it proposed is closed, and the physio told.
    proposal.refresh_from_db()
    assert proposal.status == "closed" and proposal.reason.startswith("Evidence withdrawn")
    assert open_alerts("flare", key="evidence_changed").count() == 1
    # The engine, the API and the exports no longer read it.
    assert gate_state.load_state(pht, DAY0 + dt.timedelta(days=4)).sessions == ()
    for client in (patient.me, patient.physio):
        listed = client.get(f"/api/v1/sessions/?patient={patient.cast.patient.pk}").json()
        assert listed["count"] == 0
        assert client.get(f"/api/v1/sessions/{session_id}/").status_code == 404
    job = SimpleNamespace(
        created_by=patient.cast.physio,
        clinic_id=patient.cast.patient.clinic_id,
        date_from=DAY0,
        date_to=DAY0 + dt.timedelta(days=4),
    )
    assert not builders.clinic_logs(ExerciseSession, job).exists()
    bundle = patient.physio.get(f"/api/v1/patients/{patient.cast.patient.pk}/fhir/")
    assert bundle.status_code == 200 and session_id not in bundle.content.decode()
    # A phone replaying the write brings nothing back, and the nights after act on nothing.
    replay = patient.me.post("/api/v1/sessions/", patient.sent[session_id], format="json")
    assert replay.status_code == 410
    for night in range(4, 8):
        patient.night(night)
        assert phase(pht) == "stage-2", night
        assert not flares(pht).filter(status="pending").exists(), night
    assert flares(pht).count() == 1
    assert ExerciseSession.kept.filter(pk=session_id).exists()


def test_correcting_the_run_behind_an_automatic_step_back_alerts_and_the_move_stands(patient, rtr):
    patient.override(rtr, "level-4")
    patient.checkins(range(0, 4))
    run_id = patient.run(1, 4, limp=True)
    patient.night(1)
    assert phase(rtr) == "level-3"
    patient.clock.at(2, 9)
    fixed = patient.me.patch(f"/api/v1/runs/{run_id}/", {"limp": False}, format="json")
    assert fixed.status_code == 200, fixed.json()
    alert = open_alerts("flare", key="evidence_changed").get()
    assert "the move stands" in alert.message
    patient.night(2)
    assert phase(rtr) == "level-3"


# --- 9.8: an urgent alert nobody acknowledged goes to the clinic admins after 24 hours


def test_an_unacknowledged_urgent_alert_is_escalated_to_the_admins_once(patient, pht, mailoutbox):
    from rehab.tasks import escalate_unseen_urgent_alerts

    patient.checkin(1, red_flags=["neuro"])
    mailoutbox.clear()  # the treating physio's own email
    patient.clock.at(2, 6)  # 23 hours later
    assert escalate_unseen_urgent_alerts() == 0
    patient.clock.at(2, 8)
    assert escalate_unseen_urgent_alerts() == 1
    assert escalate_unseen_urgent_alerts() == 0
    assert [m.to for m in mailoutbox] == [["admin@harbour.test"]]
    assert "waited 24 hours" in mailoutbox[0].subject
    assert "Robin" not in mailoutbox[0].body  # a link, no health details or names


# --- 9.16: surgery recorded on a programme that is not its operative track


def test_surgery_recorded_on_tendinopathy_blocks_advances_and_alerts_once(patient, pht, cast):
    stage_one_ready(patient, pht, last_day=16)
    patient.clock.at(14, 12)
    surgery = {
        "id": str(uuid.uuid4()),
        "patient": cast.patient.pk,
        "date": date(14),
        "kind": "surgery",
        "side": "left",
    }
    assert patient.physio.post("/api/v1/treatments/", surgery, format="json").status_code == 201
    for night in (15, 16):
        patient.night(night)
        assert not PhaseTransition.objects.filter(enrolment=pht).exists()
    assert Alert.objects.filter(key="surgery_recorded", enrolment=pht).count() == 1
    gate = Enrolment.objects.get(pk=pht.pk).gate_snapshot
    assert "surgery_recorded" in gate["blocked_by"]


# --- 9.9: running paused until the physio resumes it at a level they choose


def test_a_bone_stress_answer_pauses_running_until_the_physio_resumes_it(patient, rtr, cast):
    patient.override(rtr, "level-5")
    patient.checkins(range(0, 3))
    patient.checkin(3, red_flags=["bone_stress"])
    rtr.refresh_from_db()
    assert rtr.running_paused_reason == "Red flag: bone stress."
    assert patient.me.get("/api/v1/today/").json()["next_run_level"] is None
    patient.checkins(range(4, 9))
    patient.run(4, 5)
    patient.run(6, 5)
    for night in (7, 8):
        patient.night(night)
        assert phase(rtr) == "level-5"
    resume = {"to_phase": "level-3", "reason": "Imaging clear; build up again"}
    url = f"/api/v1/enrolments/{rtr.pk}/resume/"
    refused = patient.physio.post(url, resume)
    assert refused.status_code == 400
    assert "bone_stress_cleared" in refused.json()["detail"]
    patient.clock.at(9, 10)
    cleared = {
        "id": str(uuid.uuid4()),
        "patient": cast.patient.pk,
        "date": date(9),
        "key": "bone_stress_cleared",
        "value": 1,
    }
    assert patient.physio.post("/api/v1/measurements/", cleared, format="json").status_code == 201
    assert patient.physio.post(url, resume).status_code == 201
    assert phase(rtr) == "level-3"
    assert patient.me.get("/api/v1/today/").json()["next_run_level"] == 3
    moved = PhaseTransition.objects.filter(enrolment=rtr).first()
    assert moved.note.startswith("Running resumed. Imaging clear")


def test_entering_a_phase_that_forbids_running_pauses_the_running_plan(patient, cast, shipped):
    patient.clock.at(0, 6)
    avulsion = enrol(
        patient=cast.patient,
        version=shipped["hamstring-avulsion"],
        side="left",
        track="non_operative",
        start_date=DAY0,
        injury_date=DAY0,
        created_by=cast.physio,
    )
    patient.override(avulsion, "phase-3")
    running = enrol(
        patient=cast.patient,
        version=shipped["return-to-run"],
        side="left",
        start_date=DAY0,
        created_by=cast.physio,
        entry_confirmed=True,
    )
    patient.override(avulsion, "phase-2", reason="Pain on walking again")
    running.refresh_from_db()
    assert running.running_paused_reason.startswith("Running is not allowed in")


def test_an_open_neuro_flag_replaces_exercises_and_runs_with_its_advice_until_cleared(
    patient, pht, cast
):
    patient.checkin(1, red_flags=["neuro"])
    today = patient.me.get("/api/v1/today/").json()
    assert (today["open_red_flags"], today["loading_paused"]) == (["neuro"], True)
    assert today["exercises"] == []
    alert = open_alerts("red_flag", key="neuro").get()
    patient.physio.post(f"/api/v1/alerts/{alert.pk}/acknowledge/")
    assert patient.me.get("/api/v1/today/").json()["loading_paused"] is True
    patient.clock.at(1, 15)
    cleared = {
        "id": str(uuid.uuid4()),
        "patient": cast.patient.pk,
        "date": date(1),
        "key": "neuro_cleared",
        "value": 1,
    }
    assert patient.physio.post("/api/v1/measurements/", cleared, format="json").status_code == 201
    today = patient.me.get("/api/v1/today/").json()
    assert (today["open_red_flags"], today["loading_paused"]) == ([], False)
    assert today["exercises"]


def test_a_red_flag_withdrawn_as_entered_in_error_keeps_its_alert_open_and_annotated(patient, pht):
    patient.checkin(1, red_flags=["bone_stress"])
    checkin = patient.me.get("/api/v1/checkins/").json()["results"][0]
    patient.clock.at(1, 9)
    fixed = patient.me.patch(f"/api/v1/checkins/{checkin['id']}/", {"red_flags": []}, format="json")
    assert fixed.status_code == 200, fixed.json()
    alert = open_alerts("red_flag", key="bone_stress").get()
    assert alert.message.endswith("as entered in error.)")


def test_a_late_log_that_would_have_held_an_advance_alerts_the_physio_once(patient, pht):
    stage_one_ready(patient, pht)
    patient.night(15)
    proposal = PhaseTransition.objects.get(enrolment=pht, status="pending")
    patient.clock.at(16, 9)
    assert patient.decide(proposal, "approve").status_code == 200
    patient.session(17, pht)
    patient.clock.at(17, 20)
    late = {
        "id": str(uuid.uuid4()),
        "date": date(15),
        "enrolment": pht.pk,
        "pain_during": 5,
        "pain_after": 2,
        "rpe": 5,
        "exercises": [],
    }
    assert patient.me.post("/api/v1/sessions/", late, format="json").status_code == 201
    for night in (17, 18):
        patient.night(night)
        assert phase(pht) == "stage-2"
    alert = Alert.objects.get(key="late_evidence")
    assert (alert.kind, alert.enrolment_id) == ("ready_for_review", pht.pk)
    assert "would have held that move" in alert.message


# --- 9.15: strength while running


def test_fewer_than_two_strength_sessions_in_a_complete_week_while_running_warns(patient, pht, rtr):
    patient.checkins(range(0, 16))
    patient.session(8, pht)  # one session in the week of Mon 9 Feb
    patient.night(15)
    warnings = Enrolment.objects.get(pk=rtr.pk).gate_snapshot["warnings"]
    assert warnings == [
        "1 strength session in the week of 09 Feb while running: keep the strength programme "
        "going, at least two sessions a week."
    ]
    served = patient.me.get(f"/api/v1/enrolments/{rtr.pk}/").json()["gate"]["warnings"]
    assert served == warnings
    dutch = patient.me.get(f"/api/v1/enrolments/{rtr.pk}/", HTTP_ACCEPT_LANGUAGE="nl")
    [warning] = dutch.json()["gate"]["warnings"]
    assert warning.startswith("1 krachttraining in de week van 9 feb tijdens het hardlopen: ")
    patient.session(10, pht)  # a late log; the physio's "evaluate now" reads it
    assert patient.evaluate(rtr)["warnings"] == []
    assert Enrolment.objects.get(pk=rtr.pk).gate_snapshot["warnings"] == []
    gate = patient.me.get(f"/api/v1/enrolments/{pht.pk}/").json()["gate"]
    assert gate["warnings"] == []  # the strength programme itself is not warned


# --- 9.12: the step-back floor


def test_a_flare_in_avulsion_phase_two_never_proposes_phase_one_after_surgery(
    patient, cast, shipped
):
    patient.clock.at(0, 6)
    operated = enrol(
        patient=cast.patient,
        version=shipped["hamstring-avulsion"],
        side="left",
        track="operative",
        start_date=DAY0,
        surgery_date=DAY0,
        created_by=cast.physio,
    )
    patient.override(operated, "phase-2", reason="Cleared to weight-bear early")
    patient.checkins(range(0, 5))
    patient.session(3, operated, during=7)
    patient.night(3)
    assert phase(operated) == "phase-2"
    assert not flares(operated).exists()
    held = ActedEvidence.objects.get(enrolment=operated)
    assert held.action == "held_at_floor"
    assert "contact your physio" in open_alerts("flare", enrolment=operated).get().message


# --- 9.1: evidence is deduplicated per patient


def test_a_morning_flare_steps_running_back_and_holds_the_other_programme_in_one_alert(
    patient, pht, cast, shipped
):
    patient.override(pht, "stage-4")
    running = enrol(
        patient=cast.patient,
        version=shipped["return-to-run"],
        side="left",
        start_date=DAY0,
        created_by=cast.physio,
        entry_confirmed=True,
    )
    patient.override(running, "level-3")
    patient.checkins(range(0, 8), morning=1)
    patient.checkin(8, morning=4)  # up by 3 against the usual level
    patient.night(8)
    assert phase(running) == "level-2"
    assert phase(pht) == "stage-4"
    assert not flares(pht).exists()  # held, not a second flare for the same check-in
    gate = Enrolment.objects.get(pk=pht.pk).gate_snapshot
    assert gate["decision"] == "hold" and gate["hold_reasons"]
    (alert,) = Alert.objects.filter(kind="flare")
    assert alert.enrolment_id == running.pk
    assert alert.message.endswith("holds too.")
    assert f"{pht.protocol.name} ({pht.current_phase.name}) holds too." in alert.message
    patient.night(9)
    assert Alert.objects.filter(kind="flare").count() == 1
    assert phase(running) == "level-2"


def test_a_run_logged_above_the_current_level_warns_the_physio_and_counts_for_nothing(patient, rtr):
    patient.checkins(range(0, 9))
    patient.run(3, 4)
    patient.run(5, 4)
    assert (
        open_alerts("flare", key="run_above_level")
        .get()
        .message.startswith(f"A run on {DAY0 + dt.timedelta(days=3):%d %b} was logged at level 4")
    )
    patient.night(7)
    assert phase(rtr) == "level-1"
