"""The plan as plain data, with no Django: a list of items, one per prescription slot of
the phase, and the pure rules for changing it. Services load and store; this decides.

An item is a dict: `slot` (the protocol exercise it stands in for, or the added exercise),
`exercise` (what the patient does now), the dose fields, `paused` and `added`."""

from dataclasses import dataclass

DOSE_FIELDS = ("sets", "reps", "hold_s", "load", "rest_s", "sessions_per_week")
# The limits of the protocol schema (protocols.schema.Prescription), with words for them.
LIMITS = {
    "sets": (1, 20, "Sets"),
    "reps": (1, 100, "Reps"),
    "hold_s": (1, 600, "The hold"),
    "rest_s": (0, 900, "The rest"),
    "sessions_per_week": (0.5, 14, "Sessions per week"),
}
HIP_FLEXION = {"none": 0, "low": 1, "moderate": 2, "deep": 3}


class PlanError(ValueError):
    """A change that cannot be made: the field it concerns and a message for a person."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class LibraryExercise:
    key: str
    name: str
    hip_flexion: str


def item_from(rx: dict) -> dict:
    """A protocol prescription (exercise key and dose) as an unadjusted item."""
    return {
        "slot": rx["exercise"],
        "exercise": rx["exercise"],
        **{field: rx.get(field) for field in DOSE_FIELDS},
        "notes": rx.get("notes", ""),
        "paused": False,
        "added": False,
    }


def adjustments(item: dict, base: dict[str, dict]) -> list[str]:
    """What the physio changed in this item, against the protocol's slot: field names,
    `exercise` for a swap, `added`, `paused`. Empty: as the protocol prescribes."""
    if item["added"]:
        return ["added"] + (["paused"] if item["paused"] else [])
    original = base.get(item["slot"])
    changed = (
        []
        if original is None
        else [
            field for field in ("exercise", *DOSE_FIELDS) if item.get(field) != original.get(field)
        ]
    )
    return changed + (["paused"] if item["paused"] else [])


def dose_words(item: dict) -> str:
    """'3 × 10, 2×/week' or '5 × 30 s, load ~70% effort, 7×/week'."""
    amount = f"{item['reps']}" if item.get("reps") else f"{item.get('hold_s')} s"
    parts = [f"{item['sets']} × {amount}" if item.get("sets") else amount]
    if item.get("load"):
        parts.append(f"load {item['load']}")
    if item.get("sessions_per_week"):
        parts.append(f"{item['sessions_per_week']:g}×/week")
    return ", ".join(parts)


def check_dose(values: dict) -> dict:
    """The dose fields given, checked against the schema's limits (400 messages)."""
    clean = {}
    for field, value in values.items():
        if field == "load":
            if len(value or "") > 200:
                raise PlanError("load", "The load is at most 200 characters.")
            clean[field] = value or ""
            continue
        low, high, words = LIMITS[field]
        if value is None:
            if field in ("sets", "sessions_per_week"):
                raise PlanError(field, f"{words} cannot be empty.")
            clean[field] = None
            continue
        if not low <= value <= high:
            raise PlanError(field, f"{words} must be between {low:g} and {high:g}.")
        clean[field] = value
    return clean


def allowed(
    library: dict[str, LibraryExercise], phases: list[tuple[int, list[str]]], current: int
) -> set[str]:
    """The exercises the current phase's restrictions allow (a project rule, since the
    protocols state restrictions in words): no deeper hip flexion than the phase itself
    prescribes, and nothing the protocol first brings in at a later phase."""
    introduced: dict[str, int] = {}
    own: list[str] = []
    for index, keys in phases:
        for key in keys:
            introduced[key] = min(introduced.get(key, index), index)
        if index == current:
            own = keys
    ceiling = max((HIP_FLEXION[library[k].hip_flexion] for k in own if k in library), default=0)
    return {
        key
        for key, exercise in library.items()
        if HIP_FLEXION[exercise.hip_flexion] <= ceiling and introduced.get(key, 0) <= current
    }


def _find(items: list[dict], exercise: str) -> int:
    for i, item in enumerate(items):
        if item["exercise"] == exercise:
            return i
    raise PlanError("exercise", f"'{exercise}' is not in this patient's plan for this phase.")


def change(
    items: list[dict],
    *,
    kind: str,
    exercise: str,
    library: dict[str, LibraryExercise],
    allowed_keys: set[str],
    dose: dict | None = None,
    to_exercise: str | None = None,
    protocol_doses: dict[str, dict] | None = None,
) -> tuple[list[dict], str]:
    """The items after one change, and the change in words ('paused Leg curl'). A swap or
    an add starts from the protocol's own dose of the exercise (`protocol_doses`, by key),
    where it has one, with the dose given laid over it."""
    items = [dict(item) for item in items]
    dose = check_dose(dose or {})
    protocol_doses = protocol_doses or {}

    def name(key):
        return library[key].name if key in library else key

    def usable(key, field):
        if key not in library:
            raise PlanError(field, f"There is no exercise '{key}' in this protocol's library.")
        if key not in allowed_keys:
            raise PlanError(
                field,
                f"{name(key)} is not allowed in this phase (deeper hip flexion than the phase "
                "allows, or an exercise of a later phase).",
            )
        if any(item["exercise"] == key for item in items):
            raise PlanError(field, f"{name(key)} is already in the plan.")

    if kind == "add":
        usable(exercise, "exercise")
        item = {
            "slot": exercise,
            "exercise": exercise,
            **dict.fromkeys(DOSE_FIELDS),
            "load": "",
            "notes": "",
            "paused": False,
            "added": True,
        }
        item.update(protocol_doses.get(exercise, {}))
        item.update(dose)
        if not item.get("sets") or not (item.get("reps") or item.get("hold_s")):
            raise PlanError("sets", "An added exercise needs sets, and reps or a hold.")
        if not item.get("sessions_per_week"):
            raise PlanError("sessions_per_week", "An added exercise needs sessions per week.")
        items.append(item)
        return items, f"added {name(exercise)} ({dose_words(item)})"
    i = _find(items, exercise)
    item = items[i]
    if kind == "dose":
        if not dose:
            raise PlanError("sets", "Give the new dose: sets, reps, hold, load or sessions.")
        before = dose_words(item)
        item.update(dose)
        if not (item.get("reps") or item.get("hold_s")):
            raise PlanError("reps", "Give reps or a hold (the dose).")
        after = dose_words(item)
        if after == before and all(item.get(f) == v for f, v in dose.items()):
            words = f"kept the dose of {name(exercise)} ({after})"
        else:
            words = f"changed the dose of {name(exercise)} from {before} to {after}"
        return items, words
    if kind == "swap":
        if not to_exercise:
            raise PlanError("to_exercise", "Choose the exercise to swap in.")
        usable(to_exercise, "to_exercise")
        item["exercise"] = to_exercise
        # The swapped-in exercise brings its own sets, reps, hold and load; the slot keeps
        # the phase's schedule (sessions per week).
        own = {
            f: v for f, v in protocol_doses.get(to_exercise, {}).items() if f != "sessions_per_week"
        }
        item.update(own)
        item.update(dose)
        if not (item.get("reps") or item.get("hold_s")):
            raise PlanError("reps", "Give reps or a hold (the dose).")
        return items, f"swapped {name(exercise)} for {name(to_exercise)}"
    if kind == "pause":
        if item["paused"]:
            raise PlanError("exercise", f"{name(exercise)} is already paused.")
        item["paused"] = True
        return items, f"paused {name(exercise)}"
    if kind == "resume":
        if not item["paused"]:
            raise PlanError("exercise", f"{name(exercise)} is not paused.")
        item["paused"] = False
        return items, f"resumed {name(exercise)}"
    raise PlanError("kind", f"Unknown change '{kind}': dose, swap, pause, resume or add.")


def merge_template(
    base: list[dict], template: list[dict], allowed_keys: set[str], library
) -> list[dict]:
    """The phase's protocol items with a template's items laid over them, slot by slot;
    a template slot this phase does not have, or an exercise it does not allow, is refused."""
    slots = {item["slot"]: i for i, item in enumerate(base)}
    items = [dict(item) for item in base]
    for item in template:
        if item["exercise"] not in library or item["exercise"] not in allowed_keys:
            raise PlanError(
                "template", f"The template's exercise '{item['exercise']}' is not allowed here."
            )
        if item["added"]:
            items.append(dict(item))
        elif item["slot"] in slots:
            items[slots[item["slot"]]] = dict(item)
        else:
            raise PlanError("template", f"This phase has no '{item['slot']}' to adjust.")
    return items
