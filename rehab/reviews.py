"""The physio's decisions: approve or decline a pending move, or override the phase
(PROTOCOLS.md 9.10 and 9.11)."""

from django.db import transaction
from django.utils import timezone

from config.errors import Conflict, Invalid
from rehab import alerts, decisions, services
from rehab.models import ActedEvidence, Alert, Enrolment, PhaseTransition
from rehab.running import STOPS_RUNNING


class DecisionConflict(Conflict):
    """A second decision on one review, or a review the patient has moved past."""


class ApprovalRefused(DecisionConflict):
    """The gate no longer passes for a reason that matters; the proposal was closed. The
    answer names the `reasons`."""

    def __init__(self, message: str, reasons: list[str]):
        super().__init__(message, reasons=reasons)
        self.reasons = reasons


def _locked(transition_id: int) -> PhaseTransition:
    transition = PhaseTransition.objects.select_for_update().get(pk=transition_id)
    enrolment = services.lock(transition.enrolment_id)
    transition.enrolment = enrolment
    if transition.status != PhaseTransition.Status.PENDING:
        raise DecisionConflict(f"This was already {transition.status}.")
    if enrolment.current_phase_id != transition.from_phase_id or enrolment.status != "active":
        raise DecisionConflict("The patient has moved on since this was proposed.")
    return transition


def _close(transition, *, status, user, note="", reason=""):
    transition.status = status
    transition.decided_by = user
    transition.decided_at = timezone.now()
    transition.note = note
    transition.reason = reason
    transition.save(update_fields=["status", "decided_by", "decided_at", "note", "reason"])
    kind = Alert.Kind.FLARE if transition.decision == "flare" else Alert.Kind.READY_FOR_REVIEW
    Alert.objects.filter(
        enrolment=transition.enrolment, kind=kind, acknowledged_at__isnull=True
    ).update(acknowledged_at=timezone.now(), acknowledged_by=user, resolution=reason)


def refusal_reasons(enrolment: Enrolment) -> list[str]:
    """Why an advance may no longer be approved: a flare or hold from new evidence, or an
    open urgent red flag. A window that merely lapsed while the physio was away is no
    reason (9.10)."""
    outcome = services.decide(enrolment, enrolment.patient.local_today())
    reasons = [r.explanation.removeprefix("met: ") for r in outcome.flare_reasons]
    reasons += [r.explanation.removeprefix("met: ") for r in outcome.hold_reasons]
    reasons += [f"open red flag: {flag.replace('_', ' ')}" for flag in outcome.blocked_by]
    return reasons


def _today(enrolment):
    return enrolment.patient.local_today()


def approve(*, transition_id: int, user, note: str = "") -> PhaseTransition:
    """Approve a pending move. An advance re-runs the gate first and is refused (the
    proposal closed, with the reasons) when it must be; a step back is never refused."""
    with transaction.atomic():
        transition = _locked(transition_id)
        enrolment = transition.enrolment
        reasons = refusal_reasons(enrolment) if transition.decision == "ready_for_review" else []
        if reasons:
            reason = "Approval refused: " + "; ".join(reasons)
            _close(
                transition,
                status=PhaseTransition.Status.CLOSED,
                user=user,
                note=note,
                reason=reason,
            )
        else:
            decisions.move_to_phase(enrolment, transition.to_phase, _today(enrolment))
            _close(transition, status=PhaseTransition.Status.APPROVED, user=user, note=note)
            services.refresh_gate(enrolment)
            return transition
    raise ApprovalRefused(f"{reason}. The proposal is closed.", reasons)


@transaction.atomic
def decline(*, transition_id: int, user, note: str = "") -> PhaseTransition:
    transition = _locked(transition_id)
    _close(transition, status=PhaseTransition.Status.DECLINED, user=user, note=note)
    services.refresh_gate(transition.enrolment)
    return transition


@transaction.atomic
def override(*, enrolment_id: int, to_phase_key: str, reason: str, user) -> PhaseTransition:
    """Move the patient to any phase of their track. Closes pending proposals, ends a quiet
    period, and takes the evidence of the current triggers out of play (9.11)."""
    enrolment = services.lock(enrolment_id)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise Invalid("This enrolment is not active.")
    if not reason.strip():
        raise Invalid({"reason": ["Say why you are moving the patient."]})
    on_track = [
        p for p in enrolment.version.phases.all() if not p.tracks or enrolment.track in p.tracks
    ]
    to_phase = next((p for p in on_track if p.key == to_phase_key), None)
    if to_phase is None:
        keys = ", ".join(p.key for p in on_track)
        raise Invalid({"to_phase": [f"Choose one of this programme's phases: {keys}."]})
    today = _today(enrolment)
    outcome = services.decide(enrolment, today)
    note = reason.strip()
    over = [r.explanation.removeprefix("met: ") for r in outcome.flare_reasons]
    over += [f"open red flag: {f.replace('_', ' ')}" for f in outcome.blocked_by]
    if over:
        note += f" (moved over: {'; '.join(over)})"
    closing = PhaseTransition.objects.filter(enrolment=enrolment, status="pending")
    for pending in closing:
        _close(
            pending,
            status=PhaseTransition.Status.CLOSED,
            user=user,
            reason="Closed by a physio override.",
        )
    transition = PhaseTransition.objects.create(
        enrolment=enrolment,
        from_phase=enrolment.current_phase,
        to_phase=to_phase,
        decision=PhaseTransition.Decision.OVERRIDE,
        status=PhaseTransition.Status.APPLIED,
        trigger=PhaseTransition.Trigger.PHYSIO,
        actor=user,
        decided_by=user,
        decided_at=timezone.now(),
        note=note,
        evaluated_on=today,
        criteria=(enrolment.gate_snapshot or {}).get("criteria", []),
    )
    taken = {
        (r.key, e.key): e for r in outcome.flare_reasons + outcome.hold_reasons for e in r.evidence
    }
    ActedEvidence.objects.bulk_create(
        [
            ActedEvidence(
                enrolment=enrolment,
                rule=rule,
                evidence=key,
                evidence_on=e.on,
                action=ActedEvidence.Action.OVERRIDDEN,
                transition=transition,
                actor=user,
                trigger=PhaseTransition.Trigger.PHYSIO,
            )
            for (rule, key), e in taken.items()
        ],
        ignore_conflicts=True,
    )
    decisions.move_to_phase(enrolment, to_phase, today)
    services.refresh_gate(enrolment)
    return transition


@transaction.atomic
def resume_running(*, enrolment_id: int, to_phase_key: str, reason: str, user) -> PhaseTransition:
    """The physio resumes a paused return-to-run plan at the level they choose (9.9), once
    nothing that stops running is open."""
    enrolment = services.lock(enrolment_id)
    if enrolment.running_paused_since is None:
        raise Invalid("Running is not paused on this plan.")
    stopping = [f for f in alerts.open_urgent_red_flags(enrolment.patient_id) if f in STOPS_RUNNING]
    if stopping:
        checks = ", ".join(f"{flag}_cleared" for flag in stopping)
        raise Invalid(f"Record the clearing check first: {checks}.")
    forbidding = Enrolment.objects.filter(
        patient_id=enrolment.patient_id,
        status=Enrolment.Status.ACTIVE,
        current_phase__forbids_running=True,
    ).select_related("current_phase")
    if forbidding:
        names = ", ".join(e.current_phase.name for e in forbidding)
        raise Invalid(f"Running is not allowed while in: {names}.")
    Enrolment.objects.filter(pk=enrolment.pk).update(
        running_paused_since=None, running_paused_reason="", running_paused_words=None
    )
    return override(
        enrolment_id=enrolment.pk,
        to_phase_key=to_phase_key,
        reason=f"Running resumed. {reason.strip()}",
        user=user,
    )
