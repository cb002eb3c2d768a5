"""The physio's decisions: approve or decline a pending move, or override the phase."""

from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from rehab.models import Alert, Enrolment, PhaseTransition
from rehab.services import evaluate, move_to_phase


class DecisionConflict(Exception):
    """A second decision on one review, or a review the patient has moved past."""


def _locked(transition_id: int) -> PhaseTransition:
    transition = PhaseTransition.objects.select_for_update().get(pk=transition_id)
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("patient")
        .get(pk=transition.enrolment_id)
    )  # noqa: E501
    transition.enrolment = enrolment
    if transition.status != PhaseTransition.Status.PENDING:
        raise DecisionConflict(f"This was already {transition.status}.")
    if enrolment.current_phase_id != transition.from_phase_id or enrolment.status != "active":
        raise DecisionConflict("The patient has moved on since this was proposed.")
    return transition


def _close(transition, *, status, user, note):
    transition.status = status
    transition.decided_by = user
    transition.decided_at = timezone.now()
    transition.note = note
    transition.save(update_fields=["status", "decided_by", "decided_at", "note"])
    kind = Alert.Kind.FLARE if transition.decision == "flare" else Alert.Kind.READY_FOR_REVIEW
    Alert.objects.filter(
        enrolment=transition.enrolment, kind=kind, acknowledged_at__isnull=True
    ).update(  # noqa: E501
        acknowledged_at=timezone.now(), acknowledged_by=user
    )


@transaction.atomic
def approve(*, transition_id: int, user, note: str = "") -> PhaseTransition:
    transition = _locked(transition_id)
    enrolment = transition.enrolment
    move_to_phase(enrolment, transition.to_phase, enrolment.patient.local_today())
    _close(transition, status=PhaseTransition.Status.APPROVED, user=user, note=note)
    _evaluate_new_phase(enrolment, user)
    return transition


@transaction.atomic
def decline(*, transition_id: int, user, note: str = "") -> PhaseTransition:
    transition = _locked(transition_id)
    _close(transition, status=PhaseTransition.Status.DECLINED, user=user, note=note)
    return transition


@transaction.atomic
def override(*, enrolment_id: int, to_phase_key: str, reason: str, user) -> PhaseTransition:
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("patient", "current_phase")
        .get(pk=enrolment_id)
    )  # noqa: E501
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError({"detail": "This enrolment is not active."})
    if not reason.strip():
        raise ValidationError({"reason": ["Say why you are moving the patient."]})
    to_phase = enrolment.version.phases.filter(key=to_phase_key).first()
    if to_phase is None or (to_phase.tracks and enrolment.track not in to_phase.tracks):
        keys = ", ".join(
            p.key
            for p in enrolment.version.phases.all()
            if not p.tracks or enrolment.track in p.tracks
        )  # noqa: E501
        raise ValidationError({"to_phase": [f"Choose one of this programme's phases: {keys}."]})
    today = enrolment.patient.local_today()
    PhaseTransition.objects.filter(enrolment=enrolment, status="pending").update(
        status="declined",
        note="Superseded by a physio override.",
        decided_at=timezone.now(),
        decided_by=user,  # noqa: E501
    )
    transition = PhaseTransition.objects.create(
        enrolment=enrolment, from_phase=enrolment.current_phase, to_phase=to_phase,
        decision=PhaseTransition.Decision.OVERRIDE, status=PhaseTransition.Status.APPLIED,
        trigger=PhaseTransition.Trigger.PHYSIO, actor=user, decided_by=user,
        decided_at=timezone.now(), note=reason.strip(), evaluated_on=today,
        criteria=(enrolment.gate_snapshot or {}).get("criteria", []),
    )  # fmt: skip
    move_to_phase(enrolment, to_phase, today)
    _evaluate_new_phase(enrolment, user)
    return transition


def _evaluate_new_phase(enrolment, user) -> None:
    """The stored gate was about the phase just left: check the new phase's gate now, so
    the physio and the patient see the goals that apply from today."""
    enrolment.gate_snapshot = None
    enrolment.save(update_fields=["gate_snapshot"])
    evaluate(enrolment_id=enrolment.pk, trigger=PhaseTransition.Trigger.PHYSIO, actor=user)
