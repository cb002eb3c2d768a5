"""The shape of a protocol definition file, and the checks a file must pass.

Pure Python (pydantic, no Django): `validate_definition` turns a parsed YAML document
into a `Definition` or raises `DefinitionError` naming the path inside the file and
the problem, before anything touches the database.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from protocols.criteria import Criterion
from protocols.translations import TRANSLATION_LANGUAGES, Translation, check_translation
from protocols.vocabulary import CHECK_KEYS, TRACKS

Key = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)


class DefinitionError(Exception):
    """A definition file that cannot be loaded: `problems` lists (path, message)."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        lines = [f"{source}: {path or '(top level)'}: {message}" for path, message in problems]
        super().__init__("\n".join(lines))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reference(_Strict):
    key: str = Key
    citation: str = Field(min_length=5, max_length=500)
    url: str | None = None


class PainZones(_Strict):
    """Traffic light on the 0-10 scale: green 0..green_max, amber ..amber_max, red above."""

    green_max: int = Field(ge=0, le=9)
    amber_max: int = Field(ge=1, le=9)

    @model_validator(mode="after")
    def _ordered(self):
        if self.amber_max <= self.green_max:
            raise ValueError("'amber_max' must be above 'green_max'")
        return self


class RuleSet(_Strict):
    when_any: tuple[Criterion, ...] = Field(min_length=1)


class FlareRules(RuleSet):
    # Tendinopathy and avulsion propose a step back to the physio; return-to-run takes it.
    action: Literal["propose_step_back", "step_back"]


class Rules(_Strict):
    pain_zones: PainZones
    injection_washout_days: int = Field(ge=0, le=90)
    not_responding_weeks: int = Field(ge=1, le=104)
    hold: RuleSet
    flare: FlareRules


class Track(_Strict):
    key: Literal[TRACKS]  # type: ignore[valid-type]
    name: str
    start_phase: str
    requires: tuple[Literal["surgery_date", "injury_date"], ...] = ()


class Media(_Strict):
    """How to do an exercise: the app's drawing (a file under /exercises/, drawn for the
    project) and optionally a clinic's own video (an https link, never copied)."""

    image: str | None = Field(default=None, pattern=r"^/exercises/[a-z0-9_-]+\.svg$")
    video: str | None = Field(default=None, pattern=r"^https://[^\s]+$", max_length=500)


class Exercise(_Strict):
    key: str = Key
    name: str = Field(min_length=2, max_length=120)
    description: str = Field(min_length=5)
    cues: tuple[str, ...] = ()
    hip_flexion: Literal["none", "low", "moderate", "deep"]
    media: Media | None = None


class Unlock(_Strict):
    """When a prescription joins the patient's list (PROTOCOLS.md section 3). Prescriptions
    that share a `group` unlock together. `sessions_tolerated` groups unlock one after
    another, each after N more sessions with both pains green and a next morning not up by
    1 (amber restarts the count; a flare re-locks the last group unlocked)."""

    group: str = Key
    after: Literal["sessions_tolerated", "days_in_phase", "check"]
    sessions: int | None = Field(default=None, ge=1, le=60)
    days: int | None = Field(default=None, ge=1, le=365)
    check: Literal[CHECK_KEYS] | None = None  # type: ignore[valid-type]
    label: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _one_condition(self):
        needs = {"sessions_tolerated": "sessions", "days_in_phase": "days", "check": "check"}
        given = {name for name in ("sessions", "days", "check") if getattr(self, name) is not None}
        if given != {needs[self.after]}:
            raise ValueError(f"'after: {self.after}' takes '{needs[self.after]}' (and only it)")
        return self


class Prescription(_Strict):
    exercise: str
    sets: int | None = Field(default=None, ge=1, le=20)
    reps: int | None = Field(default=None, ge=1, le=100)
    hold_s: int | None = Field(default=None, ge=1, le=600)
    load: str = Field(default="", max_length=200)
    rest_s: int | None = Field(default=None, ge=0, le=900)
    sessions_per_week: float = Field(ge=0.5, le=14)
    notes: str = Field(default="", max_length=500)
    unlock: Unlock | None = None  # None: prescribed from the first day of the phase

    @model_validator(mode="after")
    def _has_dose(self):
        if self.reps is None and self.hold_s is None:
            raise ValueError("give 'reps' or 'hold_s' (the dose)")
        return self


class RunPlan(_Strict):
    repeats: int = Field(ge=1, le=20)
    run_min: float = Field(gt=0, le=120)
    walk_min: float = Field(ge=0, le=30)
    strides: str = ""


class Phase(_Strict):
    key: str = Key
    name: str = Field(min_length=2, max_length=120)
    aim: str = Field(min_length=5)
    avoid: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()
    tracks: tuple[Literal[TRACKS], ...] | None = None  # type: ignore[valid-type]
    typical_duration: str = ""
    run_plan: RunPlan | None = None
    prescriptions: tuple[Prescription, ...] = ()
    # No running in this phase: a return-to-run enrolment is refused and suspended while
    # another enrolment is here (PROTOCOLS.md section 9.9).
    forbids_running: bool = False
    # False: a flare never proposes stepping back into this phase once left (section 9.12).
    step_back_into: bool = True


class Gate(_Strict):
    from_phase: str = Field(alias="from")
    to_phase: str | None = Field(alias="to")  # None: leaving the phase completes the plan
    mode: Literal["auto", "review"]
    criteria: tuple[Criterion, ...] = Field(min_length=1)


class Definition(_Strict):
    slug: str = Key
    name: str = Field(min_length=3, max_length=200)
    condition: str = Field(min_length=3, max_length=200)
    summary: str = ""
    disclaimer: str = Field(min_length=10)
    references: tuple[Reference, ...] = Field(min_length=1)
    rules: Rules
    tracks: tuple[Track, ...] = Field(min_length=1)
    entry_criteria: tuple[Criterion, ...] = ()
    # The physio confirms the entry when enrolling: this check, recorded on the start date.
    # Without it every entry criterion must be met by records from the `entry_within_days`
    # days up to the start date (PROTOCOLS.md section 6).
    entry_check: Literal[CHECK_KEYS] | None = None  # type: ignore[valid-type]
    entry_within_days: int = Field(default=14, ge=1, le=90)
    # Red flags derived at enrolment (PROTOCOLS.md section 7): `adolescent` for a programme
    # of acute injury (a pop), where under 25 imaging must exclude an apophyseal fracture.
    intake_red_flags: tuple[Literal["adolescent"], ...] = ()
    exercises: tuple[Exercise, ...] = ()
    phases: tuple[Phase, ...] = Field(min_length=1)
    gates: tuple[Gate, ...] = ()
    # The patient-facing words in other languages (protocols/translations.py).
    translations: dict[Literal[TRANSLATION_LANGUAGES], Translation] = {}  # type: ignore[valid-type]

    @property
    def is_running_plan(self) -> bool:
        """A plan of runs: refused while running is forbidden or an urgent flag is open."""
        return any(p.run_plan is not None for p in self.phases)


def validate_definition(document: object, *, source: str) -> Definition:
    """Parse and cross-check one definition document; raise DefinitionError on any problem."""
    try:
        definition = Definition.model_validate(document)
    except ValidationError as error:
        raise DefinitionError(source, [(_path(e["loc"]), e["msg"]) for e in error.errors()])
    problems = _cross_check(definition)
    if problems:
        raise DefinitionError(source, problems)
    return definition


def _path(loc: tuple) -> str:
    parts = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in _KIND_NAMES:
            continue  # pydantic names the union member; the file does not
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


_KIND_NAMES = {
    "days_in_phase",
    "days_since",
    "log_worst",
    "log_mean",
    "days_meeting",
    "sessions_logged",
    "adherence",
    "morning_pain_settled",
    "morning_pain_rise",
    "weekly_mean_stable",
    "weekly_mean_rising",
    "measurement",
    "check",
    "no_flare",
    "run_level_reached",
    "runs_at_level",
    "limp_reported",
    "enrolment_completed",
    "exercises_unlocked",
}


def _duplicates(keys: list[str]) -> set[str]:
    seen, repeated = set(), set()
    for key in keys:
        (repeated if key in seen else seen).add(key)
    return repeated


def _cross_check(d: Definition) -> list[tuple[str, str]]:
    """What a schema alone cannot see: references between parts, reachability, cycles."""
    problems: list[tuple[str, str]] = []
    phase_keys = [p.key for p in d.phases]
    exercise_keys = {e.key for e in d.exercises}
    track_keys = {t.key for t in d.tracks}

    for key in _duplicates(phase_keys):
        problems.append(("phases", f"phase key '{key}' is used more than once"))
    for key in _duplicates([e.key for e in d.exercises]):
        problems.append(("exercises", f"exercise key '{key}' is used more than once"))
    for i, track in enumerate(d.tracks):
        if track.start_phase not in phase_keys:
            problems.append((f"tracks[{i}].start_phase", f"no phase '{track.start_phase}'"))
    for i, phase in enumerate(d.phases):
        for t in phase.tracks or ():
            if t not in track_keys:
                problems.append((f"phases[{i}].tracks", f"no track '{t}' in this protocol"))
        unlocks: dict[str, Unlock] = {}
        for j, rx in enumerate(phase.prescriptions):
            if rx.unlock is not None:
                first = unlocks.setdefault(rx.unlock.group, rx.unlock)
                if rx.unlock.model_copy(update={"label": None}) != first.model_copy(
                    update={"label": None}
                ):
                    problems.append(
                        (
                            f"phases[{i}].prescriptions[{j}].unlock",
                            f"group '{rx.unlock.group}' unlocks on one condition; "
                            "this one differs from the first of the group",
                        )
                    )
            if rx.exercise not in exercise_keys:
                problems.append(
                    (
                        f"phases[{i}].prescriptions[{j}].exercise",
                        f"exercise '{rx.exercise}' is not in this protocol's exercise library",
                    )
                )
    for i, gate in enumerate(d.gates):
        if gate.from_phase not in phase_keys:
            problems.append((f"gates[{i}].from", f"gate from a missing phase '{gate.from_phase}'"))
        if gate.to_phase is not None and gate.to_phase not in phase_keys:
            problems.append((f"gates[{i}].to", f"gate to a missing phase '{gate.to_phase}'"))
    for language, translation in d.translations.items():
        problems += check_translation(language, translation, d)
    if problems:
        return problems

    edges: dict[str, list[str]] = {key: [] for key in phase_keys}
    for gate in d.gates:
        if gate.to_phase is not None:
            edges[gate.from_phase].append(gate.to_phase)
    cycle = _find_cycle(edges)
    if cycle:
        problems.append(("gates", "the gates form a cycle: " + " -> ".join(cycle)))
    reachable = _reachable(edges, [t.start_phase for t in d.tracks])
    for i, phase in enumerate(d.phases):
        if phase.key not in reachable:
            problems.append(
                (f"phases[{i}]", f"phase '{phase.key}' cannot be reached from a start phase")
            )
    return problems


def _reachable(edges: dict[str, list[str]], starts: list[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        key = stack.pop()
        if key not in seen:
            seen.add(key)
            stack.extend(edges[key])
    return seen


def _find_cycle(edges: dict[str, list[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(key: str, path: list[str]) -> list[str] | None:
        state[key] = 1
        for nxt in edges[key]:
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [key, nxt] if nxt in path else [key, nxt]
            if nxt not in state:
                found = visit(nxt, path + [key])
                if found:
                    return found
        state[key] = 2
        return None

    for key in edges:
        if key not in state:
            found = visit(key, [])
            if found:
                return found
    return None
