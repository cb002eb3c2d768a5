"""The shipped hold and flare rules read the worse of pain during and pain after
(PROTOCOLS.md sections 2, 6 and 9.6), evaluated by the pure engine without a database."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from protocols.criteria import DaysInPhase
from protocols.schema import validate_definition
from rehab.gates import CheckInLog, PatientState, RunLog, SessionLog, decide

DEFINITIONS = Path(__file__).resolve().parents[2] / "protocols" / "definitions"
TODAY = dt.date(2026, 5, 20)
OPEN = DaysInPhase(kind="days_in_phase", min=0)  # a gate that is otherwise open


def rules(slug):
    path = DEFINITIONS / f"{slug}.yaml"
    return validate_definition(yaml.safe_load(path.read_text()), source=path.name).rules


def state(slug, during, after):
    start = TODAY - dt.timedelta(days=20)
    checkins = tuple(CheckInLog(start + dt.timedelta(days=n), 0, 1) for n in range(21))
    if slug == "return-to-run":
        return PatientState(
            today=TODAY,
            phase_started_on=start,
            checkins=checkins,
            runs=(RunLog(TODAY, 1, during, after),),
            current_level=1,
        )
    return PatientState(
        today=TODAY,
        phase_started_on=start,
        checkins=checkins,
        sessions=(SessionLog(TODAY, during, after),),
    )


@pytest.mark.parametrize("slug", ["pht-loading", "hamstring-avulsion", "return-to-run"])
@pytest.mark.parametrize(
    ("during", "after", "decision"),
    [(2, 7, "flare"), (7, 2, "flare"), (2, 4, "hold"), (4, 2, "hold"), (2, 2, "ready_for_review")],
)
def test_the_worse_of_pain_during_and_after_sets_the_colour(slug, during, after, decision):
    r = rules(slug)
    outcome = decide(
        gate_criteria=[OPEN],
        mode="review",
        hold_rules=r.hold.when_any,
        flare_rules=r.flare.when_any,
        state=state(slug, during, after),
    )
    assert outcome.decision == decision
    if decision == "hold":
        assert outcome.hold_reasons[0].key == "log_worst"
