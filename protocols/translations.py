"""A protocol's patient-facing words in another language, keyed by the definition's own
stable keys (phase key, exercise key, a phase's prescription by its exercise key).

Pure Python (pydantic, no Django). A translation travels inside the definition document
(`translations: {nl: ...}`), so it is versioned with the protocol and a clinic's copy
can translate its own words. The shipped files keep each language beside the protocol
(`<slug>.<language>.yaml`) and protocols/services.py folds it in when reading. Anything
a translation leaves out is shown in English; a key the protocol does not have, or a
list of another length (each advice line stands for the English one), is refused.
"""

from pydantic import BaseModel, ConfigDict, Field

# Languages a definition may carry besides its own English (config/settings.py LANGUAGES).
TRANSLATION_LANGUAGES = ("nl",)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExerciseText(_Strict):
    name: str | None = Field(default=None, min_length=2, max_length=120)
    description: str | None = Field(default=None, min_length=5)
    cues: tuple[str, ...] | None = None


class PrescriptionText(_Strict):
    load: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=500)


class PhaseText(_Strict):
    name: str | None = Field(default=None, min_length=2, max_length=120)
    aim: str | None = Field(default=None, min_length=5)
    avoid: tuple[str, ...] | None = None
    advice: tuple[str, ...] | None = None
    typical_duration: str | None = None
    strides: str | None = None  # the run plan's strides
    prescriptions: dict[str, PrescriptionText] = {}


class Translation(_Strict):
    # Who translated and how far it may be trusted, shown to nobody but kept with the words.
    note: str = ""
    name: str | None = Field(default=None, min_length=3, max_length=200)
    summary: str | None = None
    disclaimer: str | None = Field(default=None, min_length=10)
    phases: dict[str, PhaseText] = {}
    exercises: dict[str, ExerciseText] = {}
    # A criterion's own label, English -> translated: criteria have no keys, and the gate
    # stores the English label, so the words themselves are the key.
    labels: dict[str, str] = {}


def criterion_labels(definition) -> set[str]:
    """The labels the definition's own criteria give (rules, gates, entry criteria)."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            if "kind" in value and value.get("label"):
                found.add(value["label"])
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    document = definition.model_dump(mode="json", by_alias=True)
    walk([document["rules"], document["gates"], document["entry_criteria"]])
    return found


def _same_length(path: str, english: tuple, translated: tuple | None) -> list[tuple[str, str]]:
    if translated is None or len(translated) == len(english):
        return []
    return [(path, f"has {len(translated)} lines; the English has {len(english)}")]


def check_translation(language: str, t: Translation, definition) -> list[tuple[str, str]]:
    """Keys and list lengths a translation names that the definition does not have."""
    problems: list[tuple[str, str]] = []
    base = f"translations.{language}"
    phases = {p.key: p for p in definition.phases}
    exercises = {e.key: e for e in definition.exercises}
    labels = criterion_labels(definition) if t.labels else set()
    for english in t.labels:
        if english not in labels:
            problems.append((f"{base}.labels", f"no criterion is labelled '{english}'"))
    if t.summary is not None and not definition.summary:
        problems.append((f"{base}.summary", "the protocol has no summary to translate"))
    for key, text in t.exercises.items():
        where = f"{base}.exercises.{key}"
        if key not in exercises:
            problems.append((where, f"no exercise '{key}' in this protocol"))
            continue
        problems += _same_length(f"{where}.cues", exercises[key].cues, text.cues)
    for key, text in t.phases.items():
        where = f"{base}.phases.{key}"
        phase = phases.get(key)
        if phase is None:
            problems.append((where, f"no phase '{key}' in this protocol"))
            continue
        problems += _same_length(f"{where}.avoid", phase.avoid, text.avoid)
        problems += _same_length(f"{where}.advice", phase.advice, text.advice)
        if text.strides is not None and not (phase.run_plan and phase.run_plan.strides):
            problems.append((f"{where}.strides", "this phase's run plan has no strides"))
        if text.typical_duration is not None and not phase.typical_duration:
            problems.append((f"{where}.typical_duration", "the phase has no typical duration"))
        prescribed = {rx.exercise: rx for rx in phase.prescriptions}
        for exercise, rx_text in text.prescriptions.items():
            rx = prescribed.get(exercise)
            if rx is None:
                problems.append(
                    (f"{where}.prescriptions.{exercise}", "not prescribed in this phase")
                )
                continue
            for field in ("load", "notes"):
                if getattr(rx_text, field) is not None and not getattr(rx, field):
                    problems.append(
                        (f"{where}.prescriptions.{exercise}.{field}", f"the English has no {field}")
                    )
    return problems


def english_keys(definition) -> set[str]:
    """Every text a complete translation gives, as dotted paths (for the completeness test
    and a clinic that wants to know what is left in English)."""
    keys = {"name", "disclaimer"} | ({"summary"} if definition.summary else set())
    keys |= {f"labels:{label}" for label in criterion_labels(definition)}
    for e in definition.exercises:
        keys |= {f"exercises.{e.key}.name", f"exercises.{e.key}.description"}
        if e.cues:
            keys.add(f"exercises.{e.key}.cues")
    for p in definition.phases:
        where = f"phases.{p.key}"
        keys |= {f"{where}.name", f"{where}.aim"}
        for field in ("avoid", "advice", "typical_duration"):
            if getattr(p, field):
                keys.add(f"{where}.{field}")
        if p.run_plan and p.run_plan.strides:
            keys.add(f"{where}.strides")
        for rx in p.prescriptions:
            for field in ("load", "notes"):
                if getattr(rx, field):
                    keys.add(f"{where}.prescriptions.{rx.exercise}.{field}")
    return keys


def translated_keys(t: Translation) -> set[str]:
    """The dotted paths a translation gives (same shape as `english_keys`)."""
    keys = {f for f in ("name", "summary", "disclaimer") if getattr(t, f) is not None}
    keys |= {f"labels:{label}" for label in t.labels}
    for key, e in t.exercises.items():
        keys |= {f"exercises.{key}.{f}" for f in ("name", "description", "cues") if getattr(e, f)}
    for key, p in t.phases.items():
        where = f"phases.{key}"
        fields = ("name", "aim", "avoid", "advice", "typical_duration", "strides")
        keys |= {f"{where}.{f}" for f in fields if getattr(p, f) is not None}
        for exercise, rx in p.prescriptions.items():
            keys |= {
                f"{where}.prescriptions.{exercise}.{f}"
                for f in ("load", "notes")
                if getattr(rx, f) is not None
            }
    return keys
