"""The criterion kinds: small typed records that gates, hold and flare rules use.

Pure Python (pydantic, no Django) so that `rehab/gates.py` can evaluate them without a
database. Every record has a `kind`, its parameters and a `label` in plain words for
the patient; a definition file may override the label. Numbers are clinic-editable
defaults that live in the definition files, never here.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from protocols.vocabulary import (
    CHECK_KEYS,
    FIELD_WORDS,
    MEASURE_WORDS,
    MEASUREMENT_KEYS,
    SOURCE_FIELDS,
)
from protocols.words import Words
from protocols.zones import DEFAULT_ZONES, PainBound, Zones, bound_words, resolve_bound


class Window(BaseModel):
    """The last N sessions (in the phase, at most 28 days back) or the last N days."""

    model_config = ConfigDict(extra="forbid")
    sessions: int | None = Field(default=None, ge=1, le=60)
    days: int | None = Field(default=None, ge=1, le=120)
    min_count: int = Field(default=1, ge=1, le=120)

    @model_validator(mode="after")
    def _one_span(self):
        if (self.sessions is None) == (self.days is None):
            raise ValueError("give exactly one of 'sessions' or 'days'")
        return self

    def words(self, noun: str) -> Words:
        if self.days:
            return Words("the last {days} days", days=self.days)
        if noun == "runs":
            if self.sessions == 1:
                return Words("your last run")
            return Words("your last {count} runs", count=self.sessions)
        if self.sessions == 1:
            return Words("your last session")
        return Words("your last {count} sessions", count=self.sessions)


class _Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str | None = Field(default=None, max_length=300)
    tracks: tuple[Literal["standard", "operative", "non_operative"], ...] | None = None

    def applies_to(self, track: str) -> bool:
        return self.tracks is None or track in self.tracks

    def plain_label(self, zones: Zones = DEFAULT_ZONES) -> str:
        return self.label or str(self.default_label(zones))

    def label_words(self, zones: Zones = DEFAULT_ZONES) -> Words | None:
        """The label to translate; a label the clinic wrote stays as written."""
        return None if self.label else self.default_label(zones)

    def default_label(self, zones: Zones) -> Words:  # pragma: no cover - every kind overrides it
        raise NotImplementedError


class DaysInPhase(_Criterion):
    kind: Literal["days_in_phase"]
    min: int = Field(ge=0, le=730)

    def default_label(self, zones):
        return Words("at least {min} days in this phase", min=self.min)


class DaysSince(_Criterion):
    kind: Literal["days_since"]
    event: Literal["surgery", "injury"]
    min: int = Field(ge=0, le=3650)

    def default_label(self, zones):
        if self.event == "surgery":
            return Words("at least {min} days since your surgery", min=self.min)
        return Words("at least {min} days since your injury", min=self.min)


class _LogBound(_Criterion):
    source: Literal["checkin", "session", "run"]
    field: str
    over: Window
    max: PainBound | None = None
    min: PainBound | None = None

    @model_validator(mode="after")
    def _check(self):
        if self.field not in SOURCE_FIELDS[self.source]:
            allowed = ", ".join(SOURCE_FIELDS[self.source])
            raise ValueError(f"'{self.field}' is not a {self.source} field (one of: {allowed})")
        if (self.max is None) == (self.min is None):
            raise ValueError("give exactly one of 'max' or 'min'")
        return self


class LogWorst(_LogBound):
    """The worst (highest) value of a logged field in a window, against a bound."""

    kind: Literal["log_worst"]

    def default_label(self, zones):
        noun = "runs" if self.source == "run" else "sessions"
        bound = bound_words(self.max, self.min, zones)
        field, over = Words(FIELD_WORDS[self.field]), self.over.words(noun)
        return Words("worst {field} over {over}: {bound}", field=field, over=over, bound=bound)


class LogMean(_LogBound):
    kind: Literal["log_mean"]

    def default_label(self, zones):
        noun = "runs" if self.source == "run" else "sessions"
        bound = bound_words(self.max, self.min, zones)
        field, over = Words(FIELD_WORDS[self.field]), self.over.words(noun)
        return Words("average {field} over {over}: {bound}", field=field, over=over, bound=bound)


class DaysMeeting(_Criterion):
    """On at least K of the last N days, a check-in field met the bound."""

    kind: Literal["days_meeting"]
    field: Literal["pain_rest", "pain_morning", "sitting_minutes", "load_test_pain"]
    days: int = Field(ge=1, le=120)
    at_least: int = Field(ge=1, le=120)
    max: PainBound | None = None
    min: PainBound | None = None

    @model_validator(mode="after")
    def _check(self):
        if (self.max is None) == (self.min is None):
            raise ValueError("give exactly one of 'max' or 'min'")
        if self.at_least > self.days:
            raise ValueError("'at_least' cannot be more than 'days'")
        return self

    def default_label(self, zones):
        bound = bound_words(self.max, self.min, zones)
        field = Words(FIELD_WORDS[self.field])
        if self.at_least == self.days:
            return Words(
                "{field} {bound} on each of the last {days} days",
                field=field,
                bound=bound,
                days=self.days,
            )
        return Words(
            "{field} {bound} on {at_least} of the last {days} days",
            field=field,
            bound=bound,
            at_least=self.at_least,
            days=self.days,
        )


class SessionsLogged(_Criterion):
    kind: Literal["sessions_logged"]
    days: int = Field(ge=1, le=120)
    min: int = Field(ge=1, le=200)

    def default_label(self, zones):
        return Words(
            "at least {min} exercise sessions logged in the last {days} days",
            min=self.min,
            days=self.days,
        )


class Adherence(_Criterion):
    kind: Literal["adherence"]
    days: int = Field(ge=1, le=120)
    min_percent: int = Field(ge=1, le=100)

    def default_label(self, zones):
        return Words(
            "exercise sessions done: at least {percent} of those planned over the last {days} days",
            percent=f"{self.min_percent}%",
            days=self.days,
        )


class MorningPainSettled(_Criterion):
    """Every loading day in the window was followed by a morning no worse than baseline."""

    kind: Literal["morning_pain_settled"]
    after: Literal["session", "run"] = "session"
    days: int = Field(ge=1, le=120)
    max_rise: int = Field(default=0, ge=0, le=10)

    def default_label(self, zones):
        if self.after == "run":
            return Words(
                "morning pain settled the day after runs (last {days} days)", days=self.days
            )
        return Words(
            "morning pain settled the day after exercise days (last {days} days)", days=self.days
        )


class MorningPainRise(_Criterion):
    """Trigger: morning pain up by K or more against the 7-day baseline on a recent day."""

    kind: Literal["morning_pain_rise"]
    up_by: int = Field(ge=1, le=10)
    days: int = Field(default=1, ge=1, le=28)
    after_loading: bool = False

    def default_label(self, zones):
        if self.after_loading:
            return Words(
                "pain the morning after loading up by {up_by} or more against your usual level",
                up_by=self.up_by,
            )
        return Words(
            "pain in the morning up by {up_by} or more against your usual level", up_by=self.up_by
        )


class WeeklyMeanStable(_Criterion):
    kind: Literal["weekly_mean_stable"]

    def default_label(self, zones):
        return Words("weekly average of morning pain not rising")


class WeeklyMeanRising(_Criterion):
    """Trigger: the weekly mean of morning pain rose `weeks` weeks running."""

    kind: Literal["weekly_mean_rising"]
    weeks: int = Field(ge=1, le=8)

    def default_label(self, zones):
        if self.weeks == 1:
            return Words("weekly average of morning pain rising this week")
        return Words(
            "weekly average of morning pain rising {weeks} weeks running", weeks=self.weeks
        )


class MeasurementAtLeast(_Criterion):
    """A measurement recorded (within N days), at or above a target where one is given."""

    kind: Literal["measurement"]
    key: Literal[MEASUREMENT_KEYS]  # type: ignore[valid-type]
    min: float | None = Field(default=None, ge=0, le=1000)
    within_days: int | None = Field(default=None, ge=1, le=365)
    both_sides: bool = False

    def default_label(self, zones):
        words = Words(MEASURE_WORDS.get(self.key, self.key))
        if self.min is None:
            return Words(
                "{words} recorded in the last {days} days",
                words=words,
                days=self.within_days or 365,
            )
        if self.both_sides:
            return Words("{words} on each side: {min:g} or more", words=words, min=self.min)
        return Words("{words}: {min:g} or more", words=words, min=self.min)


class PhysioCheck(_Criterion):
    kind: Literal["check"]
    key: Literal[CHECK_KEYS]  # type: ignore[valid-type]

    def default_label(self, zones):
        return Words("your physio confirmed: {check}", check=Words(MEASURE_WORDS[self.key]))


class NoFlare(_Criterion):
    kind: Literal["no_flare"]
    days: int = Field(ge=1, le=120)

    def default_label(self, zones):
        return Words("no flare-up in the last {days} days", days=self.days)


class RunLevelReached(_Criterion):
    kind: Literal["run_level_reached"]
    level: int = Field(ge=1, le=10)

    def default_label(self, zones):
        return Words("return-to-run level {level} reached", level=self.level)


class RunsAtLevel(_Criterion):
    """Runs at the current level; with rest days, a run the day after a run does not count."""

    kind: Literal["runs_at_level"]
    min: int = Field(ge=1, le=20)
    rest_day_between: bool = True

    def default_label(self, zones):
        return Words(
            "at least {min} runs at this level, with a rest day between runs", min=self.min
        )


class LimpReported(_Criterion):
    """Trigger: a limp on any of the last N runs."""

    kind: Literal["limp_reported"]
    runs: int = Field(default=1, ge=1, le=10)

    def default_label(self, zones):
        return Words("a limp during a recent run")


class EnrolmentCompleted(_Criterion):
    kind: Literal["enrolment_completed"]
    protocol: str = Field(pattern=r"^[a-z0-9-]+$")

    def default_label(self, zones):
        return Words("the {plan} plan completed", plan=self.protocol.replace("-", " "))


class ExercisesUnlocked(_Criterion):
    """Every exercise group of the phase unlocked, and the last one done in N tolerated
    sessions (PROTOCOLS.md section 3: the stage 3 -> 4 gate)."""

    kind: Literal["exercises_unlocked"]
    sessions_after_last: int = Field(default=2, ge=0, le=20)

    def default_label(self, zones):
        green = resolve_bound("green", zones, upper=True)
        if not self.sessions_after_last:
            return Words("every exercise of this phase unlocked")
        return Words(
            "every exercise of this phase unlocked, and the last ones done in {sessions} "
            "sessions with pain {green} or less and a settled next morning",
            sessions=self.sessions_after_last,
            green=green,
        )


Criterion = Annotated[
    DaysInPhase
    | DaysSince
    | LogWorst
    | LogMean
    | DaysMeeting
    | SessionsLogged
    | Adherence
    | MorningPainSettled
    | MorningPainRise
    | WeeklyMeanStable
    | WeeklyMeanRising
    | MeasurementAtLeast
    | PhysioCheck
    | NoFlare
    | RunLevelReached
    | RunsAtLevel
    | LimpReported
    | EnrolmentCompleted
    | ExercisesUnlocked,
    Field(discriminator="kind"),
]

CRITERION_KINDS = sorted(
    cls.model_fields["kind"].annotation.__args__[0] for cls in Criterion.__origin__.__args__
)
