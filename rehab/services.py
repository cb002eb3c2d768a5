"""Evaluating an enrolment against its phase gate, and acting on the decision once.

Loads the data (`rehab.gate_state`), calls the pure engine (`rehab.gates`) and writes the
outcome in one transaction under a row lock. Every flare and derived red flag is written
to the decision ledger (`ActedEvidence`) keyed by its evidence, so evaluating again (the
same day, the next night, after a step back, an approval or an override) never acts twice
on the same evidence (PROTOCOLS.md section 9).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from rehab import gates, running
from rehab.alerts import raise_alert, raise_red_flags
from rehab.gate_state import conflicting_surgeries, load_state, load_states
from rehab.models import ActedEvidence, Alert, Enrolment, PhaseTransition

DECLINED_QUIET_DAYS = 7  # after a decline, the same advance waits 7 local dates (9.11)
FLOOR_ADVICE = "Reduce the load until pain is 3 or less; contact your physio."
PROPOSED_ADVICE = "Ease off. Your physio has been told and will suggest a step back."


def gate_of(enrolment: Enrolment):
    """The exit gate of the enrolment's current phase, or None in the last phase."""
    key = enrolment.current_phase.key
    return next((g for g in enrolment.version.parsed.gates if g.from_phase == key), None)


def decide(enrolment: Enrolment, today: dt.date, *, state=None) -> gates.GateDecision:
    """The engine's decision for the enrolment's current phase; acts on nothing."""
    gate, rules = gate_of(enrolment), enrolment.version.parsed.rules
    return gates.decide(
        gate_criteria=gate.criteria if gate else (),
        mode=gate.mode if gate else None,
        hold_rules=rules.hold.when_any,
        flare_rules=rules.flare.when_any,
        state=state or load_state(enrolment, today),
    )


def snapshot_of(enrolment: Enrolment, outcome: gates.GateDecision, today: dt.date) -> dict:
    """The stored gate: always about the phase the patient is in now (9.17)."""
    gate = gate_of(enrolment)
    return {
        "phase": enrolment.current_phase.key,
        "to_phase": gate.to_phase if gate else None,
        "mode": gate.mode if gate else None,
        "decision": outcome.decision,
        "summary": outcome.summary,
        "criteria": [r.as_dict() for r in outcome.criteria],
        "flare_reasons": [r.as_dict() for r in outcome.flare_reasons],
        "hold_reasons": [r.as_dict() for r in outcome.hold_reasons],
        "blocked_by": list(outcome.blocked_by),
        "warnings": list(outcome.warnings),
        "evaluated_on": today.isoformat(),
    }


def lock(enrolment_id: int) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("version", "current_phase", "protocol", "patient__treating_physio")
        .get(pk=enrolment_id)
    )


NIGHTLY_HOUR = 3  # the nightly run judges the date just ended at or after 03:00 local


def nightly_date(local_now: dt.datetime) -> dt.date:
    """The latest local date whose night (03:00 the day after) has come."""
    return (local_now - dt.timedelta(hours=NIGHTLY_HOUR)).date() - dt.timedelta(days=1)


def evaluate(*, enrolment_id: int, trigger: str, actor=None) -> dict | None:
    """Evaluate one enrolment now and act: a chunk of one (one code path with the nightly
    run). Returns this evaluation's gate (its decision says what was done); the stored gate
    is always the current phase's (9.17)."""
    results = evaluate_many(enrolment_ids=[enrolment_id], trigger=trigger, actor=actor)
    if enrolment_id not in results:
        raise Enrolment.DoesNotExist(f"Enrolment {enrolment_id} does not exist.")
    return results[enrolment_id]


def lock_many(enrolment_ids) -> list[Enrolment]:
    """Lock the enrolments' rows, in id order: every multi-row locker takes them in the
    same order, so two chunks (or a chunk and a single evaluation) wait, never deadlock."""
    return list(
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("version", "current_phase", "protocol", "patient__treating_physio")
        .filter(pk__in=list(enrolment_ids))
        .order_by("pk")
    )


# A decision that writes nothing but the stored gate: the common case of a nightly run.
QUIET = "hold"


def evaluate_many(
    *, enrolment_ids, trigger: str = PhaseTransition.Trigger.NIGHTLY, actor=None
) -> dict[int, dict | None]:
    """Evaluate a chunk of enrolments and act, in one transaction under their row locks;
    returns each enrolment's gate by id (as `evaluate`).

    The nightly run judges the date just ended, once per date; every other evaluation
    judges the patient's today. Moves are dated with the patient's today either way.
    Every record of the chunk is read in a fixed number of queries (`load_states`); the
    engine decides per enrolment; a decision that acts writes through the same code as
    ever, keyed by its evidence in the ledger (whose unique constraint keeps acting once
    under retries and concurrency); the stored gates are written in one statement.

    The rows are locked (waiting for a concurrent evaluation of one of them), not
    skipped: a skipped enrolment would wait an hour for the next run, and the lock is
    held only for the chunk's evaluation. A deadlock PostgreSQL breaks (a step back
    pausing a sibling's running plan) rolls the chunk back, and the task retries it.
    """
    results: dict[int, dict | None] = {}
    with transaction.atomic():
        enrolments = lock_many(enrolment_ids)
        # One parsed definition per protocol version in the chunk, not one per enrolment.
        versions = {}
        for enrolment in enrolments:
            enrolment.version = versions.setdefault(enrolment.version_id, enrolment.version)
        due = []  # (enrolment, the date judged, the date a move is dated with)
        for enrolment in enrolments:
            results[enrolment.pk] = enrolment.gate_snapshot
            if enrolment.status != Enrolment.Status.ACTIVE:
                continue
            moved_on = enrolment.patient.local_today()
            today = moved_on
            if trigger == PhaseTransition.Trigger.NIGHTLY:
                today = nightly_date(enrolment.patient.local_now())
                if enrolment.nightly_for is not None and enrolment.nightly_for >= today:
                    continue  # this date was judged already
                enrolment.nightly_for = today
            due.append((enrolment, today, moved_on))
        states = load_states([e for e, _, _ in due], {e.pk: today for e, today, _ in due})
        pending = set(
            PhaseTransition.objects.filter(
                enrolment_id__in=[e.pk for e, _, _ in due], status="pending"
            ).values_list("enrolment_id", flat=True)
        )
        acted_for = set()  # patients whose records an earlier action of this chunk changed
        now = timezone.now()
        for enrolment, today, moved_on in due:
            state = states[enrolment.pk]
            if enrolment.patient_id in acted_for:
                # Evaluated alone, this enrolment would read what its sibling's action wrote
                # (ledger, alerts, proposals, a paused running plan): read it again.
                enrolment.refresh_from_db(fields=["running_paused_since", "running_paused_reason"])
                state = load_state(enrolment, today)
            outcome = decide(enrolment, today, state=state)
            snapshot = snapshot_of(enrolment, outcome, today)
            phase_before = enrolment.current_phase_id
            late = gates.late_evidence(state)
            quiet = (
                not late and not outcome.red_flags and "surgery_recorded" not in outcome.blocked_by
            )
            # A proposal already pending: _propose_review would write nothing (unless a
            # sibling's flare just closed it, hence the acted_for check).
            waiting = (
                outcome.decision == "ready_for_review"
                and enrolment.pk in pending
                and enrolment.patient_id not in acted_for
            )
            if not (quiet and (outcome.decision == QUIET or waiting)):
                acted_for.add(enrolment.patient_id)
                _alert_late_evidence(enrolment, late, trigger=trigger)
                _act(enrolment, outcome, snapshot, trigger=trigger, actor=actor, today=today,
                     moved_on=moved_on)  # fmt: skip
            stored = snapshot
            if enrolment.status != Enrolment.Status.ACTIVE:
                stored = None
            elif enrolment.current_phase_id != phase_before:
                stored = snapshot_of(enrolment, decide(enrolment, moved_on), moved_on)
            enrolment.gate_snapshot, enrolment.evaluated_at = stored, now
            results[enrolment.pk] = {**snapshot, "evaluated_at": now}
        if due:
            bulk_update_with_history(
                [e for e, _, _ in due], Enrolment,
                ["nightly_for", "gate_snapshot", "evaluated_at"], default_date=now,
            )  # fmt: skip
    return results


def due_for_nightly() -> list[int]:
    """Active enrolments whose date just ended (in their patient's zone) is not judged yet:
    one query per time zone in use, not per patient."""
    active = Enrolment.objects.filter(status=Enrolment.Status.ACTIVE)
    due = []
    zones = active.order_by().values_list("patient__timezone", flat=True).distinct()
    for zone in zones:
        judged = nightly_date(timezone.now().astimezone(ZoneInfo(zone)))
        due += (
            active.filter(patient__timezone=zone)
            .filter(Q(nightly_for__isnull=True) | Q(nightly_for__lt=judged))
            .values_list("id", flat=True)
        )
    return sorted(due)


def store_snapshot(enrolment: Enrolment, snapshot: dict | None) -> None:
    enrolment.gate_snapshot = snapshot
    enrolment.evaluated_at = timezone.now()
    enrolment.save(update_fields=["gate_snapshot", "evaluated_at"])


def refresh_gate(enrolment: Enrolment) -> dict | None:
    """Recompute the stored gate after a physio's move, without acting on it."""
    if enrolment.status != Enrolment.Status.ACTIVE:
        store_snapshot(enrolment, None)
        return None
    today = enrolment.patient.local_today()
    snapshot = snapshot_of(enrolment, decide(enrolment, today), today)
    store_snapshot(enrolment, snapshot)
    return snapshot


def _act(enrolment, outcome, snapshot, *, trigger, actor, today, moved_on):
    common = dict(enrolment=enrolment, from_phase=enrolment.current_phase, trigger=trigger,
                  actor=actor, criteria=snapshot["criteria"], evaluated_on=today)  # fmt: skip
    for flag, evidence in outcome.red_flags:
        _raise_derived_red_flag(enrolment, flag, evidence, trigger=trigger, actor=actor)
    if "surgery_recorded" in outcome.blocked_by:
        _alert_surgery_once(enrolment, trigger=trigger)
    if outcome.decision == "advance":
        to_phase = _phase(enrolment, gate_of(enrolment).to_phase)
        PhaseTransition.objects.create(
            **common, to_phase=to_phase, decision="advance", status="applied"
        )
        move_to_phase(enrolment, to_phase, moved_on)
    elif outcome.decision == "ready_for_review":
        _propose_review(enrolment, common, today)
    elif outcome.decision == "flare":
        _flare(enrolment, outcome, snapshot, common, moved_on)


def _raise_derived_red_flag(enrolment, flag, evidence, *, trigger, actor):
    alerts = raise_red_flags(patient=enrolment.patient, keys=[flag])
    ActedEvidence.objects.create(
        enrolment=enrolment, rule=flag, evidence=evidence.key, evidence_on=evidence.on,
        action=ActedEvidence.Action.RED_FLAG, alert=alerts[0] if alerts else None,
        trigger=trigger, actor=actor,
    )  # fmt: skip


def _alert_surgery_once(enrolment, *, trigger):
    for surgery in conflicting_surgeries(enrolment):
        row, created = ActedEvidence.objects.get_or_create(
            enrolment=enrolment, rule="surgery_recorded", evidence=f"treatment:{surgery.pk}",
            defaults=dict(evidence_on=surgery.date, action=ActedEvidence.Action.RED_FLAG,
                          trigger=trigger),
        )  # fmt: skip
        if created:
            row.alert = raise_alert(
                patient=enrolment.patient, enrolment=enrolment, kind=Alert.Kind.RED_FLAG,
                key="surgery_recorded", severity=Alert.Severity.HIGH,
                message=f"Surgery recorded on {surgery.date:%d %b} while on this programme "
                "(not its operative track): advances are blocked; re-enrol on the operative "
                "track.",
            )  # fmt: skip
            row.save(update_fields=["alert"])


def _alert_late_evidence(enrolment, late, *, trigger) -> None:
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
            enrolment=enrolment, rule="late_evidence", evidence=evidence.key,
            defaults=dict(evidence_on=evidence.on, action=ActedEvidence.Action.ATTENTION,
                          trigger=trigger),
        )  # fmt: skip
        if created:
            row.alert = raise_alert(
                patient=enrolment.patient, enrolment=enrolment, kind=Alert.Kind.READY_FOR_REVIEW,
                key="late_evidence", severity=Alert.Severity.ROUTINE,
                message=f"A log dated {evidence.on:%d %b}, entered after the move to "
                f"{enrolment.current_phase.name}, had pain above green: it would have held "
                "that move. The move stands; please review.",
            )  # fmt: skip
            row.save(update_fields=["alert"])


def _propose_review(enrolment, common, today):
    gate = gate_of(enrolment)
    to_phase = _phase(enrolment, gate.to_phase)
    if PhaseTransition.objects.filter(enrolment=enrolment, status="pending").exists():
        return
    if in_quiet_period(enrolment, to_phase, today):
        return
    PhaseTransition.objects.create(
        **common, to_phase=to_phase, decision="ready_for_review", status="pending"
    )
    target = to_phase.name if to_phase else "discharge"
    raise_alert(
        patient=enrolment.patient, enrolment=enrolment, kind=Alert.Kind.READY_FOR_REVIEW,
        severity=Alert.Severity.ROUTINE,
        message=f"Meets every goal of {enrolment.current_phase.name}: ready for {target}.",
    )  # fmt: skip


def in_quiet_period(enrolment, to_phase, today) -> bool:
    """A declined advance is not proposed again for 7 local dates from the decline; an
    override since then ends the quiet period (PROTOCOLS.md 9.11)."""
    declined = (
        PhaseTransition.objects.filter(
            enrolment=enrolment,
            from_phase=enrolment.current_phase,
            to_phase=to_phase,
            decision="ready_for_review",
            status="declined",
        )  # fmt: skip
        .order_by("-decided_at")
        .first()
    )
    if declined is None or declined.decided_at is None:
        return False
    overridden_since = PhaseTransition.objects.filter(
        enrolment=enrolment, decision="override", created_at__gt=declined.decided_at
    ).exists()
    declined_on = declined.decided_at.astimezone(ZoneInfo(enrolment.patient.timezone)).date()
    return not overridden_since and today < declined_on + dt.timedelta(days=DECLINED_QUIET_DAYS)


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
            **{**common, "criteria": criteria}, to_phase=back, decision="flare",
            status="applied", note="Stepped back.",
        )  # fmt: skip
        move_to_phase(enrolment, back, today)
    else:
        action, message = ActedEvidence.Action.PROPOSED_STEP_BACK, f"Step back proposed: {reasons}"
        snapshot["advice"] = PROPOSED_ADVICE
        transition = PhaseTransition.objects.create(
            **{**common, "criteria": criteria}, to_phase=back, decision="flare", status="pending"
        )
    alert = raise_alert(
        patient=enrolment.patient, enrolment=enrolment, kind=Alert.Kind.FLARE,
        severity=Alert.Severity.HIGH, message=message,
    )  # fmt: skip
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
        )  # fmt: skip
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
        enrolment_id__in=enrolment_ids, kind=Alert.Kind.READY_FOR_REVIEW,
        acknowledged_at__isnull=True,
    ).update(acknowledged_at=now, acknowledged_by=actor, resolution=reason)  # fmt: skip
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
            patient=row.enrolment.patient, enrolment=row.enrolment, kind=Alert.Kind.FLARE,
            key="evidence_changed", severity=Alert.Severity.ROUTINE, message=message,
        )  # fmt: skip


def _phase(enrolment, key):
    return enrolment.version.phases.get(key=key) if key else None


def step_back_target(enrolment):
    """The phase before the current one on this track, or None at the floor: the track's
    first phase, or a phase that is never stepped back into once left (9.12)."""
    track_phases = [
        p for p in enrolment.version.phases.order_by("index")
        if not p.tracks or enrolment.track in p.tracks
    ]  # fmt: skip
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
            "status", "completed_on", "current_phase", "phase_started_on", "phase_started_at"
        ]
    )  # fmt: skip
    if to_phase is not None:
        running.pause_for_phase(enrolment)
