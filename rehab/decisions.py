"""Acting on a gate decision, once per piece of evidence (PROTOCOLS.md section 9): moves,
review proposals, flares and their step backs, the alerts they raise, and closing what a
later fact supersedes. Every flare, derived red flag and attention alert is written to the
decision ledger (`ActedEvidence`), whose unique constraint makes acting idempotent."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from rehab import running
from rehab.alerts import raise_alert, raise_red_flags
from rehab.gate_state import conflicting_surgeries
from rehab.models import ActedEvidence, Alert, Enrolment, PhaseTransition

FLOOR_ADVICE = "Reduce the load until pain is 3 or less; contact your physio."
PROPOSED_ADVICE = "Ease off. Your physio has been told and will suggest a step back."


def gate_of(enrolment: Enrolment):
    """The exit gate of the enrolment's current phase, or None in the last phase."""
    key = enrolment.current_phase.key
    return next((g for g in enrolment.version.parsed.gates if g.from_phase == key), None)


def act(enrolment, outcome, snapshot, *, trigger, actor, today, moved_on, proposals):
    common = dict(
        enrolment=enrolment,
        from_phase=enrolment.current_phase,
        trigger=trigger,
        actor=actor,
        criteria=snapshot["criteria"],
        evaluated_on=today,
    )
    for flag, evidence in outcome.red_flags:
        _raise_derived_red_flag(enrolment, flag, evidence, trigger=trigger, actor=actor)
    if "surgery_recorded" in outcome.blocked_by:
        _alert_surgery_once(enrolment, trigger=trigger)
    if outcome.hold_reasons:
        _name_in_the_other_flare(enrolment, outcome, trigger=trigger)
    if outcome.decision == "advance":
        to_phase = _phase(enrolment, gate_of(enrolment).to_phase)
        PhaseTransition.objects.create(
            **common, to_phase=to_phase, decision="advance", status="applied"
        )
        move_to_phase(enrolment, to_phase, moved_on)
    elif outcome.decision == "ready_for_review":
        proposals.add(enrolment, common, today)
    elif outcome.decision == "flare":
        _flare(enrolment, outcome, snapshot, common, moved_on)


def _name_in_the_other_flare(enrolment, outcome, *, trigger) -> None:
    """A hold on evidence another programme of the patient flared on joins that flare's
    alert, once, so one alert names both programmes (PROTOCOLS.md 9.1)."""
    keys = {e.key: e for r in outcome.hold_reasons for e in r.evidence}
    if not keys:
        return
    flared = (
        ActedEvidence.objects.filter(
            enrolment__patient_id=enrolment.patient_id,
            evidence__in=keys,
            action__in=ActedEvidence.FLARE_ACTIONS,
            alert__isnull=False,
        )
        .exclude(enrolment=enrolment)
        .select_related("alert")
    )
    for other in flared:
        _, created = ActedEvidence.objects.get_or_create(
            enrolment=enrolment,
            rule="held_with_other",
            evidence=other.evidence,
            defaults=dict(
                evidence_on=other.evidence_on,
                action=ActedEvidence.Action.JOINED,
                alert=other.alert,
                trigger=trigger,
            ),
        )
        if created:
            other.alert.message += (
                f" {enrolment.protocol.name} ({enrolment.current_phase.name}) holds too."
            )
            other.alert.save(update_fields=["message"])


def _raise_derived_red_flag(enrolment, flag, evidence, *, trigger, actor):
    alerts = raise_red_flags(patient=enrolment.patient, keys=[flag])
    ActedEvidence.objects.create(
        enrolment=enrolment,
        rule=flag,
        evidence=evidence.key,
        evidence_on=evidence.on,
        action=ActedEvidence.Action.RED_FLAG,
        alert=alerts[0] if alerts else None,
        trigger=trigger,
        actor=actor,
    )


def _alert_surgery_once(enrolment, *, trigger):
    for surgery in conflicting_surgeries(enrolment):
        row, created = ActedEvidence.objects.get_or_create(
            enrolment=enrolment,
            rule="surgery_recorded",
            evidence=f"treatment:{surgery.pk}",
            defaults=dict(
                evidence_on=surgery.date, action=ActedEvidence.Action.RED_FLAG, trigger=trigger
            ),
        )
        if created:
            row.alert = raise_alert(
                patient=enrolment.patient,
                enrolment=enrolment,
                kind=Alert.Kind.RED_FLAG,
                key="surgery_recorded",
                severity=Alert.Severity.HIGH,
                message=f"Surgery recorded on {surgery.date:%d %b} while on this programme "
                "(not its operative track): advances are blocked; re-enrol on the operative "
                "track.",
            )
            row.save(update_fields=["alert"])


def alert_late_evidence(enrolment, late, *, trigger) -> None:
    """Tell the physio, once per log, about a late log that would have held the last
    advance; the move stands (PROTOCOLS.md 9.1)."""
    if not late:
        return
    entered_by_advance = (
        enrolment.transitions.filter(to_phase=enrolment.current_phase)
        .filter(Q(decision="advance") | Q(decision="ready_for_review", status="approved"))
        .exists()
    )
    if not late or not entered_by_advance:
        return
    for evidence in late:
        row, created = ActedEvidence.objects.get_or_create(
            enrolment=enrolment,
            rule="late_evidence",
            evidence=evidence.key,
            defaults=dict(
                evidence_on=evidence.on, action=ActedEvidence.Action.ATTENTION, trigger=trigger
            ),
        )
        if created:
            row.alert = raise_alert(
                patient=enrolment.patient,
                enrolment=enrolment,
                kind=Alert.Kind.READY_FOR_REVIEW,
                key="late_evidence",
                severity=Alert.Severity.ROUTINE,
                message=f"A log dated {evidence.on:%d %b}, entered after the move to "
                f"{enrolment.current_phase.name}, had pain above green: it would have held "
                "that move. The move stands; please review.",
            )
            row.save(update_fields=["alert"])


def _flare(enrolment, outcome, snapshot, common, today):
    """Act once on new flare evidence: step back (or propose it), or hold at the floor;
    a pending step back absorbs new evidence instead of making a second (9.10, 9.12)."""
    reasons = "; ".join(r["explanation"].removeprefix("met: ") for r in snapshot["flare_reasons"])
    criteria = snapshot["flare_reasons"] + snapshot["criteria"]
    close_advance_proposals(
        enrolment.patient_id, reason=f"Closed by a flare-up: {reasons}", actor=common["actor"]
    )
    pending_back = PhaseTransition.objects.filter(
        enrolment=enrolment, status="pending", decision="flare"
    ).first()
    back = step_back_target(enrolment)
    takes_step = enrolment.version.parsed.rules.flare.action == "step_back"
    transition = pending_back
    if pending_back is not None:
        action, message = ActedEvidence.Action.JOINED, f"Also: {reasons}"
        snapshot["advice"] = PROPOSED_ADVICE
    elif back is None:
        action = ActedEvidence.Action.HELD_AT_FLOOR
        message = f"Flare-up at the first phase, holding: {reasons}. {FLOOR_ADVICE}"
        snapshot["advice"] = FLOOR_ADVICE
    elif takes_step:
        action, message = ActedEvidence.Action.STEPPED_BACK, f"Stepped back a level: {reasons}"
        snapshot["advice"] = f"You moved back to {back.name}: build up again from there."
        transition = PhaseTransition.objects.create(
            **{**common, "criteria": criteria},
            to_phase=back,
            decision="flare",
            status="applied",
            note="Stepped back.",
        )
        move_to_phase(enrolment, back, today)
    else:
        action, message = ActedEvidence.Action.PROPOSED_STEP_BACK, f"Step back proposed: {reasons}"
        snapshot["advice"] = PROPOSED_ADVICE
        transition = PhaseTransition.objects.create(
            **{**common, "criteria": criteria}, to_phase=back, decision="flare", status="pending"
        )
    alert = raise_alert(
        patient=enrolment.patient,
        enrolment=enrolment,
        kind=Alert.Kind.FLARE,
        severity=Alert.Severity.HIGH,
        message=message,
    )
    rows = {
        (result.key, evidence.key): evidence
        for result in outcome.flare_reasons
        for evidence in result.evidence
    }
    ActedEvidence.objects.bulk_create(
        ActedEvidence(
            enrolment=enrolment,
            rule=rule,
            evidence=key,
            evidence_on=evidence.on,
            action=action,
            transition=transition,
            alert=alert,
            trigger=common["trigger"],
            actor=common["actor"],
        )
        for (rule, key), evidence in rows.items()
    )


def close_advance_proposals(patient_id: int, *, reason: str, actor=None, enrolment=None) -> int:
    """Close pending advance proposals (of one enrolment, or all the patient's) and their
    ready-for-review alerts, naming why; the rows stay with status `closed` (9.10)."""
    pending = PhaseTransition.objects.filter(
        enrolment__patient_id=patient_id, status="pending", decision="ready_for_review"
    )
    if enrolment is not None:
        pending = pending.filter(enrolment=enrolment)
    enrolment_ids = list(pending.values_list("enrolment_id", flat=True))
    now = timezone.now()
    closed = pending.update(status="closed", reason=reason, decided_at=now, decided_by=actor)
    Alert.objects.filter(
        enrolment_id__in=enrolment_ids,
        kind=Alert.Kind.READY_FOR_REVIEW,
        acknowledged_at__isnull=True,
    ).update(acknowledged_at=now, acknowledged_by=actor, resolution=reason)
    return closed


EVIDENCE_SOURCES = {"CheckIn": "checkin", "ExerciseSession": "session", "Run": "run"}


def evidence_changed(*, record, how: str) -> None:
    """A log a decision named was corrected or deleted: close the pending proposal that
    named it ("evidence withdrawn") and tell the physio, also after an automatic step back.
    Applied moves are never reversed (PROTOCOLS.md 9.5)."""
    source = EVIDENCE_SOURCES.get(type(record).__name__)
    if source is None:
        return
    key = f"{source}:{record.pk}"
    rows = ActedEvidence.objects.filter(evidence=key, transition__isnull=False).select_related(
        "transition", "enrolment__patient__treating_physio"
    )
    noun = source.replace("checkin", "check-in")
    what = f"{noun} of {record.date:%d %b} was {how}"
    for row in rows:
        transition = row.transition
        if transition.status == PhaseTransition.Status.PENDING:
            reason = f"Evidence withdrawn: the {what}."
            PhaseTransition.objects.filter(pk=transition.pk).update(
                status="closed", reason=reason, decided_at=timezone.now()
            )
            Alert.objects.filter(
                enrolment=row.enrolment, kind=Alert.Kind.FLARE, acknowledged_at__isnull=True
            ).update(acknowledged_at=timezone.now(), resolution=reason)
            message = f"The {what}: the step back it proposed is closed."
        else:
            message = f"The {what} after it moved the patient; the move stands. Review it."
        raise_alert(
            patient=row.enrolment.patient,
            enrolment=row.enrolment,
            kind=Alert.Kind.FLARE,
            key="evidence_changed",
            severity=Alert.Severity.ROUTINE,
            message=message,
        )


def _phase(enrolment, key):
    return enrolment.version.phases.get(key=key) if key else None


def step_back_target(enrolment):
    """The phase before the current one on this track, or None at the floor: the track's
    first phase, or a phase that is never stepped back into once left (9.12)."""
    track_phases = [
        p
        for p in enrolment.version.phases.order_by("index")
        if not p.tracks or enrolment.track in p.tracks
    ]
    index = [p.pk for p in track_phases].index(enrolment.current_phase_id)
    if index == 0:
        return None
    back = track_phases[index - 1]
    return back if back.step_back_into else None


def move_to_phase(enrolment: Enrolment, to_phase, today: dt.date) -> None:
    if to_phase is None:
        enrolment.status = Enrolment.Status.COMPLETED
        enrolment.completed_on = today
    else:
        enrolment.current_phase = to_phase
        enrolment.phase_started_on = today
        enrolment.phase_started_at = timezone.now()
    enrolment.save(
        update_fields=[
            "status",
            "completed_on",
            "current_phase",
            "phase_started_on",
            "phase_started_at",
        ]
    )
    if to_phase is not None:
        running.pause_for_phase(enrolment)
