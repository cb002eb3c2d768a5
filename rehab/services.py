"""Evaluating an enrolment against its phase gate: one, or a nightly chunk at once.

Loads the data (`rehab.gate_state`), calls the pure engine (`rehab.gates`) and hands the
outcome to `rehab.decisions`, in one transaction under a row lock, so evaluating again
(the same day, the next night, after a step back, an approval or an override) never acts
twice on the same evidence (PROTOCOLS.md section 9).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from protocols.models import ProtocolVersion
from rehab import decisions, gates
from rehab.gate_state import load_state, load_states
from rehab.models import Enrolment, PhaseTransition
from rehab.proposals import Proposals
from rehab.stored_gates import store_gates


def decide(enrolment: Enrolment, today: dt.date, *, state=None) -> gates.GateDecision:
    """The engine's decision for the enrolment's current phase; acts on nothing."""
    gate, rules = decisions.gate_of(enrolment), enrolment.version.parsed.rules
    return gates.decide(
        gate_criteria=gate.criteria if gate else (),
        mode=gate.mode if gate else None,
        hold_rules=rules.hold.when_any,
        flare_rules=rules.flare.when_any,
        state=state or load_state(enrolment, today),
    )


def snapshot_of(enrolment: Enrolment, outcome: gates.GateDecision, today: dt.date) -> dict:
    """The stored gate: always about the phase the patient is in now (9.17)."""
    gate = decisions.gate_of(enrolment)
    return {
        "phase": enrolment.current_phase.key,
        "to_phase": gate.to_phase if gate else None,
        "mode": gate.mode if gate else None,
        "decision": outcome.decision,
        "summary": outcome.summary,
        "summary_words": outcome.summary_words.as_dict() if outcome.summary_words else None,
        "criteria": [r.as_dict() for r in outcome.criteria],
        "flare_reasons": [r.as_dict() for r in outcome.flare_reasons],
        "hold_reasons": [r.as_dict() for r in outcome.hold_reasons],
        "blocked_by": list(outcome.blocked_by),
        "warnings": list(outcome.warnings),
        "warnings_words": [w.as_dict() for w in outcome.warnings_words],
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
    same order, so two chunks (or a chunk and a single evaluation) wait, never deadlock.
    Each protocol version is read once for the chunk, not its definition once per row."""
    enrolments = list(
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("current_phase", "protocol", "patient__treating_physio")
        .filter(pk__in=list(enrolment_ids))
        .order_by("pk")
    )
    with_versions(enrolments)
    return enrolments


def with_versions(enrolments) -> None:
    """Give the enrolments their protocol versions in one query, one object per version
    (its parsed definition is built once for all of them)."""
    versions = ProtocolVersion.objects.in_bulk({e.version_id for e in enrolments})
    for enrolment in enrolments:
        enrolment.version = versions[enrolment.version_id]


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
    under retries and concurrency), except review proposals, the common action, which are
    queued and written together (`proposals.Proposals`); the stored gates and their
    history rows are written in two statements (`stored_gates`).

    The rows are locked (waiting for a concurrent evaluation of one of them), not
    skipped: a skipped enrolment would wait an hour for the next run, and the lock is
    held only for the chunk's evaluation. A deadlock PostgreSQL breaks (a step back
    pausing a sibling's running plan) rolls the chunk back, and the task retries it.
    """
    results: dict[int, dict | None] = {}
    with transaction.atomic():
        enrolments = lock_many(enrolment_ids)
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
        # A patient's running plan first: a check-in that flares both steps the plan back
        # and holds the other programme, not the other way round (PROTOCOLS.md 9.1).
        due.sort(key=lambda row: (row[0].patient_id, row[0].current_phase.run_plan is None))
        states = load_states([e for e, _, _ in due], {e.pk: today for e, today, _ in due})
        pending = set(
            PhaseTransition.objects.filter(
                enrolment_id__in=[e.pk for e, _, _ in due], status="pending"
            ).values_list("enrolment_id", flat=True)
        )
        acted_for = set()  # patients whose records an earlier action of this chunk changed
        proposals = Proposals()  # written together, after the loop
        now = timezone.now()
        for enrolment, today, moved_on in due:
            state = states[enrolment.pk]
            if enrolment.patient_id in acted_for:
                # Evaluated alone, this enrolment would read what its sibling's action wrote
                # (ledger, alerts, proposals, a paused running plan): read it again.
                enrolment.refresh_from_db(
                    fields=["running_paused_since", "running_paused_reason", "running_paused_words"]
                )
                state = load_state(enrolment, today)
            outcome = decide(enrolment, today, state=state)
            snapshot = snapshot_of(enrolment, outcome, today)
            phase_before = enrolment.current_phase_id
            late = gates.late_evidence(state)
            held_with_other = any(
                e.key in state.acted_elsewhere for r in outcome.hold_reasons for e in r.evidence
            )
            quiet = not (
                late
                or outcome.red_flags
                or "surgery_recorded" in outcome.blocked_by
                or held_with_other
            )
            # A proposal already pending: proposing would write nothing (unless a sibling's
            # flare just closed it, hence the acted_for check).
            waiting = (
                outcome.decision == "ready_for_review"
                and enrolment.pk in pending
                and enrolment.patient_id not in acted_for
            )
            # Only a queued proposal: it changes nothing a sibling's state reads.
            proposes = quiet and outcome.decision == "ready_for_review" and not outcome.hold_reasons
            if not (quiet and (outcome.decision == QUIET or waiting)):
                if not proposes:
                    # This action may close the patient's proposals (a flare, 9.10): it must
                    # see the ones queued before it, as evaluating one by one would.
                    proposals.flush_for(enrolment.patient_id)
                    acted_for.add(enrolment.patient_id)
                decisions.alert_late_evidence(enrolment, late, trigger=trigger)
                decisions.act(
                    enrolment,
                    outcome,
                    snapshot,
                    trigger=trigger,
                    actor=actor,
                    today=today,
                    moved_on=moved_on,
                    proposals=proposals,
                )
            stored = snapshot
            if enrolment.status != Enrolment.Status.ACTIVE:
                stored = None
            elif enrolment.current_phase_id != phase_before:
                stored = snapshot_of(enrolment, decide(enrolment, moved_on), moved_on)
            enrolment.gate_snapshot, enrolment.evaluated_at = stored, now
            results[enrolment.pk] = {**snapshot, "evaluated_at": now}
        proposals.flush()
        store_gates([e for e, _, _ in due], now)
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
