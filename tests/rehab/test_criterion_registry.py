"""Every criterion kind the protocol schema accepts has a check and plain words."""

import datetime as dt

import pytest
from pydantic import TypeAdapter

from protocols.criteria import CRITERION_KINDS, Criterion
from rehab.gates import PatientState, check
from rehab.gates.checks import CHECKS

# One small record per kind: adding a kind to the schema without an example fails below.
EXAMPLES = {
    "days_in_phase": {"min": 14},
    "days_since": {"event": "injury", "min": 84},
    "log_worst": {"source": "session", "field": "pain_during", "over": {"days": 7}, "max": 3},
    "log_mean": {"source": "checkin", "field": "pain_rest", "over": {"days": 7}, "max": "green"},
    "days_meeting": {"field": "load_test_pain", "days": 7, "at_least": 5, "max": 3},
    "sessions_logged": {"days": 7, "min": 5},
    "adherence": {"days": 14, "min_percent": 70},
    "morning_pain_settled": {"days": 14},
    "morning_pain_rise": {"up_by": 2},
    "weekly_mean_stable": {},
    "weekly_mean_rising": {"weeks": 2},
    "measurement": {"key": "knee_flexion_lsi", "min": 90},
    "check": {"key": "surgeon_allows_hamstring_sets"},
    "no_flare": {"days": 14},
    "run_level_reached": {"level": 6},
    "runs_at_level": {"min": 2},
    "limp_reported": {},
    "enrolment_completed": {"protocol": "return-to-run"},
    "exercises_unlocked": {"sessions_after_last": 2},
}
ADAPTER = TypeAdapter(Criterion)


def test_every_kind_has_an_example_here():
    assert sorted(EXAMPLES) == CRITERION_KINDS


def test_every_kind_the_schema_accepts_has_a_registered_check():
    assert set(CRITERION_KINDS) <= set(CHECKS)


@pytest.mark.parametrize("kind", CRITERION_KINDS)
def test_every_kind_has_a_default_label_in_plain_words(kind):
    record = ADAPTER.validate_python({"kind": kind, **EXAMPLES[kind]})
    label = record.plain_label()
    assert label and "_" not in label and "None" not in label


@pytest.mark.parametrize("kind", CRITERION_KINDS)
def test_every_check_answers_on_an_empty_record_without_crashing(kind):
    record = ADAPTER.validate_python({"kind": kind, **EXAMPLES[kind]})
    state = PatientState(today=dt.date(2026, 3, 20), phase_started_on=dt.date(2026, 3, 1))
    result = check(record, state)
    assert result.key == kind and result.explanation
