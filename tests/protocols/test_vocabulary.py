"""One vocabulary (protocols/vocabulary.py): every key has words, and every key is used by
the protocol data, the gate checks or the code; the API serves it to the front ends."""

import json
import re
from pathlib import Path

import pytest

from protocols import vocabulary
from protocols.criteria import CRITERION_KINDS
from rehab.models import Alert, PhaseTransition
from rehab.models import Side as ModelSide
from tests.factories import StaffFactory

ROOT = Path(__file__).resolve().parents[2]
# Where a key may be used: the protocol data, the server's code and the front end's,
# never the vocabulary module itself (which only names it).
SOURCES = [
    *ROOT.glob("protocols/definitions/*.yaml"),
    *(
        p
        for app in ("patients", "protocols", "rehab", "exports", "plans")
        for p in ROOT.glob(f"{app}/**/*.py")
    ),
    *ROOT.glob("frontend/src/**/*.ts*"),
]
SOURCES = [p for p in SOURCES if p.name != "vocabulary.py" and "migrations" not in p.parts]


@pytest.fixture(scope="module")
def corpus() -> str:
    return "\n".join(p.read_text() for p in SOURCES)


def used(key: str, corpus: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", corpus) is not None


def test_every_measurement_key_has_a_label_patient_words_and_a_range():
    assert [m.key for m in vocabulary.MEASURES] == list(vocabulary.MEASUREMENT_KEYS)
    for m in vocabulary.MEASURES:
        assert m.label and vocabulary.MEASURE_WORDS[m.key], m.key
        assert m.low < m.high, m.key
        if m.group in vocabulary.VALUE_WORDS:
            assert (m.low, m.high) == (0, 1), m.key
        else:
            assert m.unit or m.group == "outcome", m.key
    assert set(vocabulary.MEASURE_WORDS) == set(vocabulary.MEASUREMENT_KEYS)


def test_every_red_flag_has_a_message_and_the_answered_ones_a_question_and_advice():
    for flag in vocabulary.RED_FLAGS:
        assert flag.message, flag.key
        assert bool(flag.question) == bool(flag.advice), flag.key
    assert vocabulary.ANSWERED_RED_FLAG_KEYS
    # A physio clears each urgent one with a check of its own (PROTOCOLS.md 9.8).
    for key in vocabulary.URGENT_RED_FLAG_KEYS:
        assert f"{key}_cleared" in vocabulary.CHECK_KEYS


def test_the_words_for_codes_cover_exactly_the_codes_the_api_answers_with():
    words = vocabulary.CODE_WORDS
    assert set(words["criteria"]) == set(CRITERION_KINDS)
    assert set(words["needs"]) == {*Alert.Kind.values, "waiting_on_check", "note"}
    assert set(words["decisions"]) >= {*PhaseTransition.Decision.values, "hold", "step_back"}
    assert set(words["statuses"]) == set(PhaseTransition.Status.values)
    assert set(words["triggers"]) == set(PhaseTransition.Trigger.values)
    assert set(words["tracks"]) == set(vocabulary.TRACKS)
    assert set(words["sides"]) == set(vocabulary.SIDES) == set(ModelSide.values)
    # pht-loading.yaml, and its translations beside it (pht-loading.nl.yaml)
    slugs = {p.name.split(".", 1)[0] for p in ROOT.glob("protocols/definitions/*.yaml")}
    assert set(words["protocols"]) == slugs
    for table in words.values():
        for code, text in table.items():
            assert text or code == "standard", code  # the standard track goes unnamed


def test_every_vocabulary_key_is_used_by_the_protocol_data_the_gate_checks_or_the_code(corpus):
    keys = [
        *vocabulary.MEASUREMENT_KEYS,
        *vocabulary.FIELD_WORDS,
        *vocabulary.RED_FLAG_KEYS,
        *vocabulary.CODE_WORDS["criteria"],
    ]
    unused = [key for key in keys if not used(key, corpus)]
    assert not unused, f"named in protocols/vocabulary.py but used nowhere: {unused}"


def test_the_usage_check_can_fail(corpus):
    assert not used("never_a_measurement_key", corpus)


@pytest.mark.django_db
def test_the_api_serves_the_vocabulary_to_anyone_signed_in(client):
    user = StaffFactory()
    assert client.get("/api/v1/vocabulary/").status_code in (401, 403)
    client.force_login(user)
    body = client.get("/api/v1/vocabulary/").json()
    measures = {m["key"]: m for m in body["measures"]}
    assert set(measures) == set(vocabulary.MEASUREMENT_KEYS)
    assert (
        measures["single_leg_bridge_reps"] | {"per_side": True, "unit": "reps"}
        == measures["single_leg_bridge_reps"]
    )
    assert measures["puranen_orava"]["values"] == {"1": "positive", "0": "negative"}
    assert measures["knee_flexion_lsi"]["methods"] == ["isometric", "10rm"]
    flags = {f["key"]: f for f in body["red_flags"]}
    assert flags["sciatic"]["severity"] == "routine" and flags["neuro"]["severity"] == "urgent"
    assert flags["post_op"]["operative_only"] and not flags["escalating"]["question"]
    assert body["words"]["statuses"]["pending"] == "Awaiting your decision"
    assert body["default_pain_zones"] == {"green_max": 3, "amber_max": 5}


def test_the_patient_apps_red_flags_say_what_the_vocabulary_says():
    """The PWA asks red flags offline from its own catalogues (translated); the English one
    and its list of flags must agree with protocols/vocabulary.py word for word."""
    catalogue = (ROOT / "frontend/src/i18n/en.ts").read_text()
    words = dict(
        ((key, part), json.loads(text))
        for key, part, text in re.findall(
            r'"flag\.(\w+)\.(question|advice)": ("(?:[^"\\]|\\.)*")', catalogue
        )
    )
    listed = re.findall(
        r'\{ key: "(\w+)", urgent: (true|false)(, operativeOnly: true)? \}',
        (ROOT / "frontend/src/patient/RedFlags.tsx").read_text(),
    )
    assert {key for key, _, _ in listed} == set(vocabulary.ANSWERED_RED_FLAG_KEYS)
    assert len(words) == 2 * len(listed)
    for key, urgent, operative_only in listed:
        flag = vocabulary.RED_FLAG_BY_KEY[key]
        assert (urgent == "true") == (flag.severity == "urgent"), key
        assert bool(operative_only) == flag.operative_only, key
        assert words[(key, "question")] == flag.question, key
        assert words[(key, "advice")] == flag.advice, key
