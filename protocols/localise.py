"""A protocol version's patient-facing words in the request's language.

LocaleMiddleware sets the language from Accept-Language (the app sends the patient's
choice); English, or any text a translation leaves out, comes from the definition itself.
"""

from django.utils.translation import get_language

from protocols.translations import ExerciseText, PhaseText, PrescriptionText, Translation


def translation(version) -> Translation | None:
    language = (get_language() or "en").split("-")[0]
    return version.parsed.translations.get(language)


def _pick(translated, english):
    return english if translated is None else translated


def phase_words(version, phase) -> dict:
    """name, aim, avoid, advice, typical_duration and the run plan of a Phase row."""
    t = translation(version)
    text = t.phases.get(phase.key, PhaseText()) if t else PhaseText()
    run_plan = phase.run_plan
    if run_plan and text.strides is not None and run_plan.get("strides"):
        run_plan = {**run_plan, "strides": text.strides}
    return {
        "name": _pick(text.name, phase.name),
        "aim": _pick(text.aim, phase.aim),
        "avoid": list(_pick(text.avoid, phase.avoid)),
        "advice": list(_pick(text.advice, phase.advice)),
        "typical_duration": _pick(text.typical_duration, phase.typical_duration),
        "run_plan": run_plan,
    }


def exercise_words(version, exercise) -> dict:
    """name, description and cues of an Exercise row."""
    t = translation(version)
    text = t.exercises.get(exercise.key, ExerciseText()) if t else ExerciseText()
    return {
        "name": _pick(text.name, exercise.name),
        "description": _pick(text.description, exercise.description),
        "cues": list(_pick(text.cues, exercise.cues)),
    }


def prescription_words(version, phase_key: str, rx, adjusted=()) -> dict:
    """load and notes of a prescription; what the physio wrote for this patient stays."""
    t = translation(version)
    phase = t.phases.get(phase_key) if t else None
    text = phase.prescriptions.get(rx.exercise.key, PrescriptionText()) if phase else None
    text = text or PrescriptionText()
    return {
        field: getattr(rx, field)
        if field in adjusted
        else _pick(getattr(text, field), getattr(rx, field))
        for field in ("load", "notes")
    }


def phase_name(phase, version=None) -> str:
    """A phase's name alone; `version` saves a query when the caller holds the phase's."""
    if version is None or version.pk != phase.version_id:
        version = phase.version
    t = translation(version)
    text = t.phases.get(phase.key) if t else None
    return text.name if text and text.name is not None else phase.name


def phase_name_of(version, key: str, english: str) -> str:
    """A phase's name by its key, for words that keep the key rather than the Phase row."""
    t = translation(version)
    text = t.phases.get(key) if t else None
    return text.name if text and text.name is not None else english


def protocol_name(version, english: str) -> str:
    """The protocol's name (`english`, the Protocol row's) in the request's language."""
    t = translation(version)
    return t.name if t and t.name is not None else english


def label(version, english: str) -> str:
    """A criterion label the definition wrote itself, in the request's language."""
    t = translation(version)
    return t.labels.get(english, english) if t else english


def exercise_name(version, key: str, english: str) -> str:
    """An exercise's name alone, by its key."""
    t = translation(version)
    text = t.exercises.get(key) if t else None
    return text.name if text and text.name is not None else english
