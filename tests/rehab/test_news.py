"""Today tells the news: moves up and back with their reasons and notes, a flare's advice,
what unlocks next, and open red flags."""

import datetime as dt

import pytest
import time_machine

from rehab.decisions import FLOOR_ADVICE
from rehab.enrolments import enrol
from rehab.models import ExerciseSession, PhaseTransition
from rehab.reviews import override
from tests.rehab.conftest import checkin_body
from tests.rehab.test_gate_scenarios import ago, daily_logs, evaluate, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def pht(cast, shipped):
    return enrol(
        patient=cast.patient,
        version=shipped["pht-loading"],
        side="left",
        start_date=ago(cast.patient, 20),
        created_by=cast.physio,
    )


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


def news(api, patient):
    response = api(patient.user).get("/api/v1/today/")
    assert response.status_code == 200
    return response.json()["news"]


def test_an_approved_move_up_is_news_with_the_physios_note(cast, api, pht):
    daily_logs(pht)
    evaluate(api, cast, pht)
    pending = PhaseTransition.objects.get(status="pending")
    api(cast.physio).post(
        f"/api/v1/transitions/{pending.pk}/approve/", {"note": "Well done, Robin"}
    )
    items = news(api, cast.patient)
    moved = next(i for i in items if i["kind"] == "moved_up")
    assert moved["id"] == f"transition:{pending.pk}"
    assert moved["to_phase"] == pht.version.phases.get(key="stage-2").name
    assert moved["note"] == "Well done, Robin"
    assert moved["on"] == cast.patient.local_today().isoformat()
    # The new phase's goals are what unlocks next.
    nxt = next(i for i in items if i["kind"] == "next")
    assert nxt["to_phase"] == pht.version.phases.get(key="stage-3").name
    assert nxt["total"] > nxt["met"] and len(nxt["goals_left"]) == nxt["total"] - nxt["met"]


def test_a_declined_review_is_no_move(cast, api, pht):
    daily_logs(pht)
    evaluate(api, cast, pht)
    pending = PhaseTransition.objects.get(status="pending")
    api(cast.physio).post(f"/api/v1/transitions/{pending.pk}/decline/", {"note": "One more week"})
    assert not [i for i in news(api, cast.patient) if i["kind"] in ("moved_up", "moved_back")]


def test_a_step_back_after_a_limp_says_why_in_plain_words(cast, api, rtr):
    override(
        enrolment_id=rtr.pk, to_phase_key="level-3", reason="Ready to push on", user=cast.physio
    )
    daily_logs(rtr, days=14, morning=1, sessions=False)
    run(rtr, 0, level=3, limp=True)
    evaluate(api, cast, rtr)
    items = news(api, cast.patient)
    back = next(i for i in items if i["kind"] == "moved_back")
    assert back["to_phase"] == rtr.version.phases.get(key="level-2").name
    assert back["reasons"] and any("limp" in r.lower() for r in back["reasons"]), back
    assert back["advice"].startswith("Build up again from")
    assert back["reasons"][0][0].isupper() and not back["reasons"][0].startswith("Met:")
    # The override up to level 3 is news too, with the physio's reason as the note.
    up = next(i for i in items if i["kind"] == "moved_up")
    assert up["note"] == "Ready to push on"
    # The step back already carries the flare's reasons: no second flare card that day.
    assert not [i for i in items if i["kind"] == "flare"]
    assert items.index(back) < items.index(up)  # newest first


def test_an_override_back_gives_the_physios_reason(cast, api, rtr):
    override(enrolment_id=rtr.pk, to_phase_key="level-3", reason="fit", user=cast.physio)
    override(
        enrolment_id=rtr.pk,
        to_phase_key="level-2",
        reason="Calf niggle, ease off",
        user=cast.physio,
    )
    back = next(i for i in news(api, cast.patient) if i["kind"] == "moved_back")
    assert back["reasons"] == ["Calf niggle, ease off"]


def test_moves_older_than_two_weeks_are_no_longer_news(cast, api, rtr):
    override(enrolment_id=rtr.pk, to_phase_key="level-3", reason="fit", user=cast.physio)
    assert [i["kind"] for i in news(api, cast.patient)].count("moved_up") == 1
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=13), tick=False):
        assert "moved_up" in [i["kind"] for i in news(api, cast.patient)]
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=15), tick=False):
        assert "moved_up" not in [i["kind"] for i in news(api, cast.patient)]


def test_an_open_red_flag_leads_the_news(cast, api, pht):
    body = checkin_body(cast.patient, red_flags=["neuro"])
    assert api(cast.patient.user).post("/api/v1/checkins/", body, format="json").status_code == 201
    items = news(api, cast.patient)
    assert (items[0]["id"], items[0]["kind"], items[0]["key"]) == (
        "red_flag:neuro",
        "red_flag",
        "neuro",
    )


def test_a_patient_sees_only_their_own_news(cast, api, pht):
    daily_logs(pht)
    evaluate(api, cast, pht)
    pending = PhaseTransition.objects.get(status="pending")
    api(cast.physio).post(f"/api/v1/transitions/{pending.pk}/approve/", {"note": "Private"})
    assert news(api, cast.other_patient) == []


def test_a_flare_at_the_first_stage_gives_its_advice_and_why(cast, api, pht):
    daily_logs(pht, days=10)
    ExerciseSession.objects.create(
        patient=cast.patient,
        enrolment=pht,
        date=cast.patient.local_today(),
        pain_during=7,
        pain_after=6,
    )
    assert evaluate(api, cast, pht)["decision"] == "flare"
    flare = next(i for i in news(api, cast.patient) if i["kind"] == "flare")
    assert flare["advice"] == FLOOR_ADVICE
    assert flare["reasons"] and all(not r.startswith("met:") for r in flare["reasons"])
    assert not [i for i in news(api, cast.patient) if i["kind"] == "next"]  # ease off first


def test_a_card_read_on_one_device_is_gone_on_every_other(cast, api, rtr):
    override(enrolment_id=rtr.pk, to_phase_key="level-3", reason="fit", user=cast.physio)
    up = next(i for i in news(api, cast.patient) if i["kind"] == "moved_up")
    assert up["id"] == f"transition:{PhaseTransition.objects.get(enrolment=rtr).pk}"
    phone, tablet = api(cast.patient.user), api(cast.patient.user)
    url = f"/api/v1/news/{up['id']}/dismiss/"
    first = phone.post(url)
    assert first.status_code == 200 and first.json()["card"] == up["id"]
    # The tablet asks Today afresh: the card is not there; the rest of the news is.
    items = tablet.get("/api/v1/today/").json()["news"]
    assert up["id"] not in [i["id"] for i in items]
    assert [i["kind"] for i in items] == ["next"]
    # Replayed from the outbox, or read again on the tablet: the first reading stands.
    again = tablet.post(url)
    assert again.status_code == 200 and again.json() == first.json()
    assert cast.patient.news_dismissals.count() == 1


def test_a_next_card_comes_back_when_goals_are_met(cast, api, pht):
    evaluate(api, cast, pht)
    nxt = next(i for i in news(api, cast.patient) if i["kind"] == "next")
    assert api(cast.patient.user).post(f"/api/v1/news/{nxt['id']}/dismiss/").status_code == 200
    assert "next" not in [i["kind"] for i in news(api, cast.patient)]
    daily_logs(pht)
    evaluate(api, cast, pht)  # more goals met: a new id, news again
    again = next(i for i in news(api, cast.patient) if i["kind"] == "next")
    assert again["met"] > nxt["met"] and again["id"] != nxt["id"]


def test_only_the_patient_dismisses_their_own_cards(cast, api, rtr):
    override(enrolment_id=rtr.pk, to_phase_key="level-3", reason="fit", user=cast.physio)
    card = f"transition:{PhaseTransition.objects.get(enrolment=rtr).pk}"
    url = f"/api/v1/news/{card}/dismiss/"
    assert api(cast.physio).post(url).status_code == 403  # staff never read for a patient
    assert api(cast.other_patient.user).post(url).status_code == 404
    flare = f"/api/v1/news/flare:{rtr.pk}:2026-01-02/dismiss/"
    assert api(cast.other_patient.user).post(flare).status_code == 404
    assert cast.patient.news_dismissals.count() == 0
    assert "moved_up" in [i["kind"] for i in news(api, cast.patient)]


def test_a_red_flags_advice_cannot_be_dismissed(cast, api, pht):
    body = checkin_body(cast.patient, red_flags=["neuro"])
    api(cast.patient.user).post("/api/v1/checkins/", body, format="json")
    response = api(cast.patient.user).post("/api/v1/news/red_flag:neuro/dismiss/")
    assert response.status_code == 400
    assert "until your physio clears the flag" in response.json()["detail"]
    assert news(api, cast.patient)[0]["id"] == "red_flag:neuro"
