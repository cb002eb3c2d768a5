"""Reading and changing a patient's plan. Every change adds a plan version (never an edit)
holding the whole adjusted list; the pure rules live in plans.effective.

Enrolments are passed in (this app sits below rehab, which asks it for the effective
prescriptions when it builds Today and the gate state)."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery

from config.errors import Conflict, Invalid
from patients.models import User
from plans import effective
from plans.effective import DOSE_FIELDS, LibraryExercise, PlanError
from plans.models import PlanTemplate, PlanVersion
from protocols import localise
from protocols.models import Exercise

PHASE_NOTE = (
    "Adjustments apply to this phase only: when the patient moves to another phase, "
    "the new phase starts from the protocol's prescriptions."
)


@dataclass
class EffectivePrescription:
    """One exercise of the patient's plan today, shaped like a protocol prescription."""

    exercise: Exercise
    sets: int | None
    reps: int | None
    hold_s: int | None
    load: str
    rest_s: int | None
    sessions_per_week: float
    notes: str = ""
    unlock: dict | None = None
    adjusted: list[str] = field(default_factory=list)


def _base_rows(enrolment) -> list:
    return sorted(enrolment.current_phase.prescriptions.all(), key=lambda rx: rx.order)


def base_items(enrolment) -> list[dict]:
    """The current phase's prescriptions as the protocol gives them."""
    return [
        effective.item_from(
            {
                "exercise": rx.exercise.key,
                "notes": rx.notes,
                **{f: getattr(rx, f) for f in DOSE_FIELDS},
            }
        )
        for rx in _base_rows(enrolment)
    ]


def _stay(enrolment) -> dict:
    """The current stay in the phase, which a plan version belongs to."""
    return {
        "phase_id": enrolment.current_phase_id,
        "phase_started_on": enrolment.phase_started_on,
        "phase_started_at": enrolment.phase_started_at,
    }


def current_version(enrolment) -> PlanVersion | None:
    """The newest plan version of the enrolment's current stay in its phase, if any."""
    return (
        PlanVersion.objects.filter(enrolment_id=enrolment.pk, **_stay(enrolment))
        .order_by("-number")
        .first()
    )


def items_for_states(enrolments) -> dict[int, list[dict]]:
    """Per enrolment with a plan for its current stay, the plan's items (one query)."""
    enrolments = list(enrolments)
    newest = PlanVersion.objects.filter(enrolment_id=OuterRef("enrolment_id")).order_by("-number")
    rows = PlanVersion.objects.filter(
        enrolment_id__in=[e.pk for e in enrolments], pk=Subquery(newest.values("pk")[:1])
    ).values_list("enrolment_id", "phase_id", "phase_started_on", "phase_started_at", "items")
    stays = {e.pk: tuple(_stay(e).values()) for e in enrolments}
    return {row[0]: row[4] for row in rows if tuple(row[1:4]) == stays[row[0]]}


def gate_prescriptions(base: tuple, items: list[dict]) -> tuple:
    """The phase's schema prescriptions (protocols.schema.Prescription) with the plan
    applied, paused ones left out, for the gate engine's adherence and unlocks."""
    by_slot = {rx.exercise: rx for rx in base}
    result = []
    for item in items:
        if item["paused"]:
            continue
        dose = {f: item.get(f) for f in DOSE_FIELDS}
        dose["load"] = dose["load"] or ""
        original = by_slot.get(item["slot"])
        if item["added"] or original is None:
            result.append(_SchemaLike(item["exercise"], dose["sessions_per_week"] or 0, None))
        else:
            result.append(original.model_copy(update={"exercise": item["exercise"], **dose}))
    return tuple(result)


@dataclass(frozen=True)
class _SchemaLike:
    """An added exercise as the gate engine reads prescriptions (no unlock: open today)."""

    exercise: str
    sessions_per_week: float
    unlock: None


def library(version) -> dict[str, LibraryExercise]:
    return {
        e.key: LibraryExercise(e.key, e.name, e.hip_flexion)
        for e in Exercise.objects.filter(version_id=version.pk).only("key", "name", "hip_flexion")
    }


def allowed_keys(enrolment, exercises: dict[str, LibraryExercise]) -> set[str]:
    phases = [
        (index, [rx.exercise for rx in phase.prescriptions])
        for index, phase in enumerate(enrolment.version.parsed.phases)
    ]
    return effective.allowed(exercises, phases, enrolment.current_phase.index)


def protocol_doses(enrolment) -> dict[str, dict]:
    """Per exercise, the dose the protocol gives it in the latest phase up to the current
    one: a swap or an add starts from it (a hold stays a hold), unless the physio doses it."""
    doses: dict[str, dict] = {}
    for phase in enrolment.version.parsed.phases[: enrolment.current_phase.index + 1]:
        for rx in phase.prescriptions:
            doses[rx.exercise] = {f: getattr(rx, f) for f in DOSE_FIELDS}
    return doses


def effective_prescriptions(enrolment) -> list[EffectivePrescription]:
    """The current phase's prescriptions with the patient's plan applied (paused ones
    left out), for Today and the session screen. Without a plan: no extra query."""
    rows = _base_rows(enrolment)
    version = current_version(enrolment)
    if version is None:
        return [
            EffectivePrescription(
                exercise=rx.exercise,
                notes=rx.notes,
                unlock=rx.unlock,
                **{f: getattr(rx, f) for f in DOSE_FIELDS},
            )
            for rx in rows
        ]
    by_slot = {rx.exercise.key: rx for rx in rows}
    base = {item["slot"]: item for item in base_items(enrolment)}
    wanted = {item["exercise"] for item in version.items} - set(by_slot)
    exercises = {rx.exercise.key: rx.exercise for rx in rows}
    exercises.update(
        {e.key: e for e in Exercise.objects.filter(version_id=enrolment.version_id, key__in=wanted)}
    )
    result = []
    for item in version.items:
        if item["paused"] or item["exercise"] not in exercises:
            continue
        original = None if item["added"] else by_slot.get(item["slot"])
        notes = item.get("notes", "") if item["exercise"] == item["slot"] else ""
        result.append(
            EffectivePrescription(
                exercise=exercises[item["exercise"]],
                notes=notes,
                unlock=original.unlock if original else None,
                adjusted=effective.adjustments(item, base),
                **{f: item.get(f) for f in DOSE_FIELDS},
            )
        )
    return result


def plan(enrolment, *, for_staff: bool) -> dict:
    """The plan as the API shows it: every item (paused ones too) with what was adjusted."""
    version = current_version(enrolment)
    base = base_items(enrolment)
    items = version.items if version else base
    by_slot = {item["slot"]: item for item in base}
    exercises = library(enrolment.version)

    def name(key: str) -> str:
        # In the request's language (protocols/localise.py).
        english = exercises[key].name if key in exercises else key
        return localise.exercise_name(enrolment.version, key, english)

    shown = [
        {
            **item,
            "exercise": {"key": item["exercise"], "name": name(item["exercise"])},
            "replaces": {"key": item["slot"], "name": name(item["slot"])}
            if not item["added"] and item["slot"] != item["exercise"]
            else None,
            "adjusted": effective.adjustments(item, by_slot),
            "protocol_dose": {f: by_slot[item["slot"]].get(f) for f in DOSE_FIELDS}
            if item["slot"] in by_slot and not item["added"]
            else None,
        }
        for item in items
    ]
    result = {
        "enrolment": enrolment.pk,
        "phase": {
            "key": enrolment.current_phase.key,
            "name": localise.phase_name(enrolment.current_phase, enrolment.version),
        },
        "version": version.number if version else None,
        "changed_at": version.created_at if version else None,
        "items": shown,
        "note": PHASE_NOTE,
    }
    if for_staff:
        keys = allowed_keys(enrolment, exercises)
        result["allowed_exercises"] = [
            {"key": e.key, "name": name(e.key), "hip_flexion": e.hip_flexion}
            for e in sorted(exercises.values(), key=lambda e: name(e.key))
            if e.key in keys
        ]
    return result


def _store(
    enrolment, *, user: User, items, kind, exercise, summary, reason, based_on, template=None
) -> PlanVersion:
    current = current_version(enrolment)
    if based_on is not None and based_on != (current.number if current else 0):
        raise Conflict(
            "Someone changed this plan since you opened it; reload it and make the change again."
        )
    newest = PlanVersion.objects.filter(enrolment_id=enrolment.pk).order_by("-number").first()
    number = (newest.number if newest else 0) + 1
    try:
        with transaction.atomic():
            return PlanVersion.objects.create(
                enrolment=enrolment,
                number=number,
                **_stay(enrolment),
                items=items,
                kind=kind,
                exercise=exercise,
                summary=summary[:300],
                reason=reason,
                template=template,
                created_by=user,
            )
    except IntegrityError:
        raise Conflict("The plan was changed at the same moment; reload it and try again.")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": ["Give a reason for the change; the patient sees it."]})
    return reason


def _field_error(error: PlanError) -> Invalid:
    return Invalid({error.field: [error.message]})


@transaction.atomic
def make_change(
    *,
    enrolment,
    user: User,
    kind: str,
    exercise: str,
    reason: str,
    dose: dict | None = None,
    to_exercise: str | None = None,
    based_on: int | None = None,
) -> PlanVersion:
    """One change to the patient's plan for the current phase, as a new plan version."""
    reason = _reason(reason)
    if enrolment.status != "active":
        raise Invalid("This programme has ended; its plan cannot change.")
    current = current_version(enrolment)
    items = current.items if current else base_items(enrolment)
    exercises = library(enrolment.version)
    try:
        items, summary = effective.change(
            items,
            kind=kind,
            exercise=exercise,
            library=exercises,
            allowed_keys=allowed_keys(enrolment, exercises),
            dose=dose,
            to_exercise=to_exercise,
            protocol_doses=protocol_doses(enrolment),
        )
    except PlanError as error:
        raise _field_error(error)
    return _store(
        enrolment,
        user=user,
        items=items,
        kind=kind,
        exercise=exercise,
        summary=summary,
        reason=reason,
        based_on=based_on,
    )


@transaction.atomic
def save_template(*, enrolment, user: User, name: str) -> PlanTemplate:
    """The enrolment's current plan as a template of the clinic."""
    name = (name or "").strip()
    if not name:
        raise Invalid({"name": ["Name the template."]})
    if PlanTemplate.objects.filter(clinic_id=user.clinic_id, name=name).exists():
        raise Invalid({"name": [f"The clinic already has a template named '{name}'."]})
    current = current_version(enrolment)
    return PlanTemplate.objects.create(
        clinic_id=user.clinic_id,
        name=name,
        protocol_id=enrolment.protocol_id,
        phase_key=enrolment.current_phase.key,
        phase_name=enrolment.current_phase.name,
        items=current.items if current else base_items(enrolment),
        created_by=user,
    )


@transaction.atomic
def apply_template(
    *, enrolment, template: PlanTemplate, user: User, reason: str, based_on: int | None = None
) -> PlanVersion:
    """A clinic template laid over the enrolment's phase, as a new plan version."""
    reason = _reason(reason)
    phase = enrolment.current_phase
    if template.protocol_id != enrolment.protocol_id or template.phase_key != phase.key:
        raise Invalid(
            {
                "template": [
                    f"'{template.name}' is for {template.phase_name} of another protocol or phase; "
                    f"this patient is in {phase.name}."
                ]
            }
        )
    exercises = library(enrolment.version)
    try:
        items = effective.merge_template(
            base_items(enrolment), template.items, allowed_keys(enrolment, exercises), exercises
        )
    except PlanError as error:
        raise _field_error(error)
    return _store(
        enrolment,
        user=user,
        items=items,
        kind=PlanVersion.Kind.TEMPLATE,
        exercise="",
        summary=f"applied the plan template '{template.name}'",
        reason=reason,
        based_on=based_on,
        template=template,
    )


def history(enrolment_ids):
    """Every plan version of these enrolments, newest first, every phase."""
    return (
        PlanVersion.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("phase", "created_by")
        .order_by("-created_at", "-number")
    )
