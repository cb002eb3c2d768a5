"""What the gate engine reads and returns: plain dataclasses, no Django."""

import datetime as dt
from dataclasses import dataclass

from protocols.criteria import Zones


@dataclass(frozen=True)
class CheckInLog:
    date: dt.date
    pain_rest: int
    pain_morning: int
    sitting_minutes: int | None = None
    load_test_pain: int | None = None


@dataclass(frozen=True)
class SessionLog:
    date: dt.date
    pain_during: int
    pain_after: int
    rpe: int | None = None


@dataclass(frozen=True)
class RunLog:
    date: dt.date
    level: int
    pain_during: int
    pain_after: int
    limp: bool = False
    run_min: float = 0
    walk_min: float = 0


@dataclass(frozen=True)
class MeasurementLog:
    date: dt.date
    key: str
    value: float
    side: str = ""
    method: str = ""


@dataclass(frozen=True)
class PatientState:
    """Everything the engine may look at, for one enrolment on one evaluation date."""

    today: dt.date
    phase_started_on: dt.date
    track: str = "standard"
    injured_side: str = "left"
    zones: Zones = (3, 5)
    surgery_date: dt.date | None = None
    injury_date: dt.date | None = None
    checkins: tuple[CheckInLog, ...] = ()
    sessions: tuple[SessionLog, ...] = ()  # this enrolment's exercise sessions
    runs: tuple[RunLog, ...] = ()  # the patient's return-to-run runs
    measurements: tuple[MeasurementLog, ...] = ()
    sessions_per_week: float = 0  # prescribed in this phase, for adherence
    flare_dates: tuple[dt.date, ...] = ()
    run_level_reached: int | None = None
    completed_protocols: frozenset[str] = frozenset()
    last_injection: dt.date | None = None
    injection_washout_days: int = 14


@dataclass(frozen=True)
class CriterionResult:
    key: str
    label: str
    met: bool
    observed: object
    target: object
    explanation: str
    enough_data: bool = True
    evidence_date: dt.date | None = None  # for triggers: the day of what triggered it

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "met": self.met,
            "observed": self.observed,
            "target": self.target,
            "explanation": self.explanation,
        }


def result(c, state, met, observed, target, words, enough=True, on=None) -> CriterionResult:
    label = c.plain_label(state.zones)
    if not enough:
        explanation = f"not enough data yet: {words}"
    else:
        explanation = f"{'met' if met else 'not yet'}: {words}"
    return CriterionResult(
        c.kind, label, bool(met and enough), observed, target, explanation, enough
    )
