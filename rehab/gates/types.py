"""What the gate engine reads and returns: plain dataclasses, no Django."""

import datetime as dt
from dataclasses import dataclass

from protocols.words import Words
from protocols.zones import Zones


@dataclass(frozen=True)
class Evidence:
    """What caused a trigger: a log (`session:<id>`), or for rules over check-in dates the
    first date of the episode (`morning_pain_rise:2026-11-20`). `on` is its local date."""

    key: str
    on: dt.date


@dataclass(frozen=True)
class CheckInLog:
    date: dt.date
    pain_rest: int
    pain_morning: int
    sitting_minutes: int | None = None
    load_test_pain: int | None = None
    id: str = ""


@dataclass(frozen=True)
class SessionLog:
    date: dt.date
    pain_during: int
    pain_after: int
    rpe: int | None = None
    id: str = ""
    entered_at: dt.datetime | None = None
    exercises: tuple[str, ...] = ()  # the keys of the exercises done, for unlocks

    @property
    def worst(self) -> int:
        """A session's colour is the worse of its two pains (PROTOCOLS.md 9.6)."""
        return max(self.pain_during, self.pain_after)


@dataclass(frozen=True)
class RunLog:
    date: dt.date
    level: int
    pain_during: int
    pain_after: int
    limp: bool = False
    run_min: float = 0
    walk_min: float = 0
    id: str = ""
    entered_at: dt.datetime | None = None

    @property
    def worst(self) -> int:
        return max(self.pain_during, self.pain_after)


@dataclass(frozen=True)
class MeasurementLog:
    date: dt.date
    key: str
    value: float
    side: str = ""
    method: str = ""
    entered_at: dt.datetime | None = None

    @property
    def order(self):
        """Newest wins: by date, then by the time it was entered (PROTOCOLS.md 9.4)."""
        return (self.date, self.entered_at or dt.datetime.min)


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
    flare_dates: tuple[dt.date, ...] = ()  # evidence dates of flares acted on, any phase
    run_level_reached: int | None = None
    completed_protocols: frozenset[str] = frozenset()
    last_injection: dt.date | None = None
    injection_washout_days: int = 14
    # When the current phase began (the transition's time): a log dated on the start day
    # belongs to the phase only if entered after it (PROTOCOLS.md 9.3).
    phase_started_at: dt.datetime | None = None
    current_level: int | None = None  # the return-to-run level of the current phase
    acted_on: frozenset[str] = frozenset()  # evidence keys already acted on (9.1)
    # Evidence a flare of the patient's other programme acted on: here it holds (9.1).
    acted_elsewhere: frozenset[str] = frozenset()
    red_flagged: frozenset[str] = frozenset()  # evidence keys already raised as red flags
    open_urgent_flags: tuple[str, ...] = ()  # urgent red flags not cleared by a physio check
    # On a running plan: dates of the patient's strength sessions on any programme (9.15).
    strength_session_dates: tuple[dt.date, ...] = ()
    plan_started_on: dt.date | None = None
    # The current phase's prescriptions (protocols.schema.Prescription), for unlocks.
    prescriptions: tuple = ()

    def in_phase(self, log) -> bool:
        """A session or run belongs to the current phase if dated after its start date, or
        on that date and entered after the move."""
        if log.date != self.phase_started_on:
            return self.phase_started_on < log.date <= self.today
        if self.phase_started_at is None or log.entered_at is None:
            return True
        return log.entered_at >= self.phase_started_at


@dataclass(frozen=True)
class CriterionResult:
    key: str
    label: str
    met: bool
    observed: object
    target: object
    explanation: str
    enough_data: bool = True
    evidence: tuple[Evidence, ...] = ()  # for triggers: the records that caused it
    # The same two sentences as templates, for the reader's language (protocols/words.py);
    # no label words when the clinic wrote the label itself.
    label_words: Words | None = None
    explanation_words: Words | None = None

    def as_dict(self) -> dict:
        out = {
            "key": self.key,
            "label": self.label,
            "met": self.met,
            "observed": self.observed,
            "target": self.target,
            "explanation": self.explanation,
        }
        if self.label_words is not None:
            out["label_words"] = self.label_words.as_dict()
        if self.explanation_words is not None:
            out["explanation_words"] = self.explanation_words.as_dict()
        return out


def result(c, state, met, observed, target, words, enough=True, evidence=()) -> CriterionResult:
    if not enough:
        explained = Words("not enough data yet: {words}", words=words)
    elif met:
        explained = Words("met: {words}", words=words)
    else:
        explained = Words("not yet: {words}", words=words)
    label_words = c.label_words(state.zones)
    return CriterionResult(
        c.kind,
        c.plain_label(state.zones),
        bool(met and enough),
        observed,
        target,
        str(explained),
        enough,
        tuple(evidence),
        label_words,
        explained if isinstance(words, Words) else None,
    )
