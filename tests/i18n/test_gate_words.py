"""The gate checklist in the patient's language: the engine keeps its sentences as
templates (protocols/words.py) and the API renders them in the request's language, while
the stored English stays exactly as it was."""

import datetime as dt

import pytest
from django.utils import translation

from protocols.criteria import DaysInPhase, LogWorst
from protocols.vocabulary import RED_FLAG_KEYS, RED_FLAG_WORDS
from protocols.words import Day, Words, render
from rehab.enrolments import enrol
from rehab.models import CheckIn, Enrolment, ExerciseSession
from rehab.services import evaluate
from tests.rehab.test_gates import decide_on, identified

pytestmark = pytest.mark.django_db


@pytest.fixture
def gated(cast, shipped):
    """PHT loading for 20 days, with sessions on most days and a check-in every day, then
    evaluated: a gate with days, adherence, pain windows, mornings and no flare."""
    patient = cast.patient
    today = patient.local_today()
    enrolment = enrol(
        patient=patient,
        version=shipped["pht-loading"],
        side="left",
        start_date=today - dt.timedelta(days=20),
        created_by=cast.physio,
    )
    for n in range(20, -1, -1):
        day = today - dt.timedelta(days=n)
        CheckIn.objects.create(
            patient=patient, date=day, pain_rest=0, pain_morning=2, load_test_pain=2
        )
        if n % 4:
            ExerciseSession.objects.create(
                patient=patient, enrolment=enrolment, date=day, pain_during=2, pain_after=1
            )
    evaluate(enrolment_id=enrolment.pk, trigger="physio", actor=cast.physio)
    return Enrolment.objects.get(pk=enrolment.pk)


def gate_in(api, cast, enrolment, language=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = api(cast.patient.user).get(f"/api/v1/enrolments/{enrolment.pk}/", **headers)
    assert response.status_code == 200
    return response.json()["gate"]


def test_the_english_patient_reads_the_stored_english_exactly(cast, api, gated):
    stored = gated.gate_snapshot["criteria"]
    served = gate_in(api, cast, gated)["criteria"]
    assert [(c["label"], c["explanation"]) for c in served] == [
        (c["label"], c["explanation"]) for c in stored
    ]
    days = next(c for c in served if c["key"] == "days_in_phase")
    assert days["label"].startswith("at least ") and days["label"].endswith(" days in this phase")
    assert days["explanation"].startswith(("met: 20 days in this phase", "not yet: 20 days"))


def test_a_dutch_patient_reads_every_criterion_in_dutch(cast, api, gated):
    english = gate_in(api, cast, gated)["criteria"]
    dutch = gate_in(api, cast, gated, "nl")["criteria"]
    kinds = {c["key"] for c in dutch}
    assert {"days_in_phase", "adherence", "no_flare"} <= kinds and len(kinds) >= 4
    for en, nl in zip(english, dutch, strict=True):
        assert nl["key"] == en["key"] and nl["met"] == en["met"]
        assert nl["label"] != en["label"], nl
        assert nl["explanation"] != en["explanation"], nl
        assert nl["explanation"].startswith(("gehaald: ", "nog niet: ", "nog niet genoeg")), nl
    days = next(c for c in dutch if c["key"] == "days_in_phase")
    english_days = next(c for c in english if c["key"] == "days_in_phase")["label"]
    minimum = int(english_days.split()[2])  # "at least N days in this phase"
    assert days["label"] == f"minstens {minimum} dagen in deze fase"
    assert days["explanation"].split(": ", 1)[1] == f"20 dagen in deze fase; het doel is {minimum}"
    flare = next(c for c in dutch if c["key"] == "no_flare")
    assert flare["label"].startswith("geen opvlamming in de laatste ")


def test_a_gate_stored_before_it_kept_its_templates_reads_as_stored(cast, api, gated):
    snapshot = gated.gate_snapshot
    for c in snapshot["criteria"]:
        c.pop("label_words", None)
        c.pop("explanation_words", None)
    Enrolment.objects.filter(pk=gated.pk).update(gate_snapshot=snapshot)
    served = gate_in(api, cast, gated, "nl")["criteria"]
    assert [c["label"] for c in served] == [c["label"] for c in snapshot["criteria"]]


def test_a_label_the_clinic_wrote_has_no_template_and_stays_as_written():
    own = DaysInPhase(kind="days_in_phase", min=14, label="twee weken rustig opbouwen")
    assert own.label_words() is None
    assert own.plain_label() == "twee weken rustig opbouwen"
    shipped = DaysInPhase(kind="days_in_phase", min=14)
    assert shipped.label_words() == Words("at least {min} days in this phase", min=14)


def test_words_nest_and_keep_the_english_sentence():
    c = LogWorst(
        kind="log_worst", source="run", field="pain_during", over={"sessions": 1}, max="green"
    )
    words = c.default_label((3, 5))
    assert str(words) == "worst pain during exercise over your last run: 3 or less"
    stored = words.as_dict()
    assert stored["params"]["over"] == {"text": "your last run", "params": {}}
    shout = {
        "worst {field} over {over}: {bound}": "{over}, {field}: {bound}!",
        "your last run": "YOUR LAST RUN",
    }
    assert render(stored, lambda t: shout.get(t, t)) == (
        "YOUR LAST RUN, pain during exercise: 3 or less!"
    )


def test_the_summary_reads_in_the_patients_language(cast, api, gated):
    stored = gated.gate_snapshot
    english = gate_in(api, cast, gated)
    assert english["summary"] == stored["summary"]
    unmet = sum(1 for c in stored["criteria"] if not c["met"])
    total = len(stored["criteria"])
    if unmet:
        assert stored["summary"] == f"{unmet} of {total} goals still to reach."
        expected = f"{unmet} van de {total} doelen nog te halen."
    else:
        assert stored["summary"].startswith("All goals met.")
        expected = "Alle doelen gehaald" + stored["summary"].removeprefix("All goals met")[:1]
    dutch = gate_in(api, cast, gated, "nl")["summary"]
    assert dutch.startswith(expected), dutch


def test_a_flare_summary_names_its_reasons_in_dutch(cast, api, gated):
    snapshot = gated.gate_snapshot
    reason = Words("a flare-up on {day}", day="20 Nov")
    words = Words(
        "Flare-up: {words}",
        words=Words("{first}; {rest}", first=reason, rest=Words("no limp on your last run")),
    )
    snapshot.update(summary=str(words), summary_words=words.as_dict())
    Enrolment.objects.filter(pk=gated.pk).update(gate_snapshot=snapshot)
    assert gate_in(api, cast, gated)["summary"] == (
        "Flare-up: a flare-up on 20 Nov; no limp on your last run"
    )
    dutch = gate_in(api, cast, gated, "nl")["summary"]
    assert dutch.startswith("Opvlamming: ") and "; " in dutch and "flare-up" not in dutch, dutch


def test_a_gate_stored_before_its_summary_kept_words_reads_as_stored(cast, api, gated):
    snapshot = gated.gate_snapshot
    snapshot.pop("summary_words")
    snapshot["summary"] = "3 of 5 goals still to reach."
    Enrolment.objects.filter(pk=gated.pk).update(gate_snapshot=snapshot)
    assert gate_in(api, cast, gated, "nl")["summary"] == "3 of 5 goals still to reach."


def test_a_date_in_an_explanation_is_written_in_the_patients_language(cast, api, gated):
    flare = Words("a flare-up on {day}", day=Day(dt.date(2026, 3, 5)))
    words = Words("met: {words}", words=flare)
    assert str(words) == "met: a flare-up on 05 Mar"  # the stored English, as ever
    assert words.as_dict()["params"]["words"]["params"] == {"day": {"day": "2026-03-05"}}
    snapshot = gated.gate_snapshot
    criterion = next(c for c in snapshot["criteria"] if c["key"] == "no_flare")
    criterion.update(explanation=str(words), explanation_words=words.as_dict())
    Enrolment.objects.filter(pk=gated.pk).update(gate_snapshot=snapshot)
    english = next(c for c in gate_in(api, cast, gated)["criteria"] if c["key"] == "no_flare")
    assert english["explanation"] == "met: a flare-up on 05 Mar"
    dutch = next(c for c in gate_in(api, cast, gated, "nl")["criteria"] if c["key"] == "no_flare")
    assert dutch["explanation"].startswith("gehaald: ") and dutch["explanation"].endswith(" 5 mrt")


def test_the_red_flags_an_advance_waits_on_are_named_in_dutch(cast, api, gated):
    outcome = decide_on(identified([2] * 7), open_urgent_flags=("neuro", "bone_stress"))
    assert outcome.decision == "hold"
    snapshot = gated.gate_snapshot
    snapshot.update(summary=outcome.summary, summary_words=outcome.summary_words.as_dict())
    Enrolment.objects.filter(pk=gated.pk).update(gate_snapshot=snapshot)
    assert gate_in(api, cast, gated)["summary"] == (
        "All goals met, but moving on waits until your physio clears: nerve symptoms, "
        "a possible bone stress fracture."
    )
    assert gate_in(api, cast, gated, "nl")["summary"] == (
        "Alle doelen gehaald, maar verder gaan wacht tot je fysiotherapeut dit vrijgeeft: "
        "zenuwklachten, een mogelijke stressfractuur."
    )


def test_every_red_flag_has_words_in_dutch():
    assert set(RED_FLAG_WORDS) == set(RED_FLAG_KEYS)
    with translation.override("nl"):
        dutch = {key: translation.gettext(words) for key, words in RED_FLAG_WORDS.items()}
    assert all(dutch[key] != RED_FLAG_WORDS[key] for key in RED_FLAG_KEYS), dutch
