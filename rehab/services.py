"""Evaluating an enrolment against its phase gate, and the physio's decisions.

Loads the window of data in a fixed number of queries, calls the pure engine
(`rehab.gates`) and writes the outcome in one transaction under a row lock, so two
workers evaluating one enrolment make one transition.
"""

import datetime as dt
import hashlib

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from rehab import gates
from rehab.alerts import raise_alert
from rehab.models import (
    Alert,
    CheckIn,
    Enrolment,
    ExerciseSession,
    Measurement,
    PhaseTransition,
    Run,
    Treatment,
)

WINDOW_DAYS = 63  # three weekly means, their baselines and 28-day session windows
MEASUREMENT_DAYS = 365
DECLINED_QUIET_DAYS = 7  # after a declined review, do not propose the same move for a week


# A phase counts as entered ("level N reached") once a move into it was applied.
ENTERED = Q(transitions__status__in=["applied", "approved"])


def load_state(enrolment: Enrolment, today: dt.date) -> gates.PatientState:
    patient_id, since = enrolment.patient_id, today - dt.timedelta(days=WINDOW_DAYS)
    definition = enrolment.version.parsed
    checkins = CheckIn.objects.filter(patient_id=patient_id, date__gte=since)
    sessions = ExerciseSession.objects.filter(enrolment=enrolment, date__gte=since)
    runs = Run.objects.filter(patient_id=patient_id, date__gte=since)
    measurements = Measurement.objects.filter(
        patient_id=patient_id, date__gte=today - dt.timedelta(days=MEASUREMENT_DAYS)
    )
    flares = PhaseTransition.objects.filter(
        enrolment__patient_id=patient_id, decision=PhaseTransition.Decision.FLARE,
        evaluated_on__gte=since,
    ).values_list("evaluated_on", flat=True)  # fmt: skip
    others = list(
        Enrolment.objects.filter(patient_id=patient_id)
        .select_related("protocol", "current_phase")
        .annotate(top=Max("transitions__to_phase__index", filter=ENTERED))
    )
    run_levels = [
        10 if e.status == Enrolment.Status.COMPLETED else max(e.current_phase.index, e.top or 0) + 1
        for e in others
        if e.current_phase.run_plan is not None
    ]
    per_week = max(
        (rx.sessions_per_week for rx in enrolment.current_phase.prescriptions.all()), default=0
    )  # noqa: E501
    zones = definition.rules.pain_zones
    return gates.PatientState(
        today=today,
        phase_started_on=enrolment.phase_started_on,
        track=enrolment.track,
        injured_side=enrolment.side,
        zones=(zones.green_max, zones.amber_max),
        surgery_date=enrolment.surgery_date,
        injury_date=enrolment.injury_date,
        checkins=tuple(
            gates.CheckInLog(
                c.date, c.pain_rest, c.pain_morning, c.sitting_minutes, c.load_test_pain
            )
            for c in checkins
        ),  # noqa: E501
        sessions=tuple(
            gates.SessionLog(s.date, s.pain_during, s.pain_after, s.rpe) for s in sessions
        ),  # noqa: E501
        runs=tuple(
            gates.RunLog(
                r.date,
                r.level,
                r.pain_during,
                r.pain_after,
                r.limp,
                float(r.run_min),
                float(r.walk_min),
            )
            for r in runs
        ),  # noqa: E501
        measurements=tuple(
            gates.MeasurementLog(m.date, m.key, float(m.value), m.side, m.method)
            for m in measurements
        ),  # noqa: E501
        sessions_per_week=per_week,
        flare_dates=tuple(flares),
        run_level_reached=max(run_levels) if run_levels else None,
        completed_protocols=frozenset(
            e.protocol.slug for e in others if e.status == Enrolment.Status.COMPLETED
        ),  # noqa: E501
        injection_washout_days=definition.rules.injection_washout_days,
        last_injection=Treatment.objects.filter(
            patient_id=patient_id, kind__in=Treatment.INJECTIONS, date__lte=today
        ).aggregate(last=Max("date"))["last"],
    )


def evaluate(*, enrolment_id: int, trigger: str, actor=None) -> dict | None:
    """Evaluate one enrolment now; returns the gate snapshot (None if it is not active)."""
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("version", "current_phase", "protocol", "patient__treating_physio")
            .get(pk=enrolment_id)
        )  # fmt: skip
        if enrolment.status != Enrolment.Status.ACTIVE:
            return enrolment.gate_snapshot
        today = enrolment.patient.local_today()
        definition = enrolment.version.parsed
        gate = next(
            (g for g in definition.gates if g.from_phase == enrolment.current_phase.key), None
        )  # noqa: E501
        outcome = gates.decide(
            gate_criteria=gate.criteria if gate else (),
            mode=gate.mode if gate else None,
            hold_rules=definition.rules.hold.when_any,
            flare_rules=definition.rules.flare.when_any,
            state=load_state(enrolment, today),
        )
        snapshot = {
            "to_phase": gate.to_phase if gate else None,
            "mode": gate.mode if gate else None,
            "decision": outcome.decision,
            "summary": outcome.summary,
            "criteria": [r.as_dict() for r in outcome.criteria],
            "flare_reasons": [r.as_dict() for r in outcome.flare_reasons],
            "hold_reasons": [r.as_dict() for r in outcome.hold_reasons],
            "evaluated_on": today.isoformat(),
        }
        _act(enrolment, gate, outcome, snapshot, trigger=trigger, actor=actor, today=today)
        enrolment.gate_snapshot = snapshot
        enrolment.evaluated_at = timezone.now()
        enrolment.save(update_fields=["gate_snapshot", "evaluated_at"])
    return snapshot


def _act(enrolment, gate, outcome, snapshot, *, trigger, actor, today):
    common = dict(enrolment=enrolment, from_phase=enrolment.current_phase, trigger=trigger,
                  actor=actor, criteria=snapshot["criteria"], evaluated_on=today)  # fmt: skip
    if outcome.decision == "advance":
        to_phase = _phase(enrolment, gate.to_phase)
        PhaseTransition.objects.create(
            **common, to_phase=to_phase, decision="advance", status="applied"
        )  # noqa: E501
        move_to_phase(enrolment, to_phase, today)
    elif outcome.decision == "ready_for_review":
        _propose_review(enrolment, gate, common, today)
    elif outcome.decision == "flare":
        _flare(enrolment, outcome, snapshot, common, today)


def _propose_review(enrolment, gate, common, today):
    open_ = PhaseTransition.objects.filter(enrolment=enrolment, status="pending").exists()
    quiet_since = today - dt.timedelta(days=DECLINED_QUIET_DAYS)
    recently_declined = PhaseTransition.objects.filter(
        enrolment=enrolment, from_phase=enrolment.current_phase, status="declined",
        decision="ready_for_review", evaluated_on__gt=quiet_since,
    ).exists()  # fmt: skip
    if open_ or recently_declined:
        return
    to_phase = _phase(enrolment, gate.to_phase)
    PhaseTransition.objects.create(
        **common, to_phase=to_phase, decision="ready_for_review", status="pending"
    )  # noqa: E501
    target = to_phase.name if to_phase else "discharge"
    raise_alert(
        patient=enrolment.patient, enrolment=enrolment, kind=Alert.Kind.READY_FOR_REVIEW,
        severity=Alert.Severity.ROUTINE,
        message=f"Meets every goal of {enrolment.current_phase.name}: ready for {target}.",
    )  # fmt: skip


def _flare(enrolment, outcome, snapshot, common, today):
    evidence = hashlib.sha256(
        repr((enrolment.current_phase.key, outcome.evidence)).encode()
    ).hexdigest()  # noqa: E501
    if PhaseTransition.objects.filter(enrolment=enrolment, evidence=evidence).exists():
        return  # this flare was already acted on
    back = _previous_phase(enrolment)
    takes_step = enrolment.version.parsed.rules.flare.action == "step_back"
    reasons = "; ".join(r["explanation"] for r in snapshot["flare_reasons"])
    common = {
        **common,
        "criteria": snapshot["flare_reasons"] + snapshot["criteria"],
        "evidence": evidence,
    }  # noqa: E501
    if back is None or takes_step:
        stay = back is None
        note = "At the first phase: stay; the physio is alerted." if stay else "Stepped back."
        to_phase = enrolment.current_phase if stay else back
        PhaseTransition.objects.create(
            **common, to_phase=to_phase, decision="flare", status="applied", note=note
        )
        if not stay:
            move_to_phase(enrolment, back, today)
    else:
        PhaseTransition.objects.filter(enrolment=enrolment, status="pending").update(
            status="declined", note="Superseded by a flare-up.", decided_at=timezone.now()
        )
        PhaseTransition.objects.create(**common, to_phase=back, decision="flare", status="pending")
    action = "Stepped back a level" if takes_step and back else "Step back proposed"
    raise_alert(
        patient=enrolment.patient, enrolment=enrolment, kind=Alert.Kind.FLARE,
        severity=Alert.Severity.HIGH, message=f"{action}: {reasons}",
    )  # fmt: skip


def _phase(enrolment, key):
    return enrolment.version.phases.get(key=key) if key else None


def _previous_phase(enrolment):
    """The phase before the current one on this enrolment's track, or None at the first."""
    track_phases = [
        p for p in enrolment.version.phases.order_by("index")
        if not p.tracks or enrolment.track in p.tracks
    ]  # fmt: skip
    index = [p.pk for p in track_phases].index(enrolment.current_phase_id)
    return track_phases[index - 1] if index > 0 else None


def move_to_phase(enrolment: Enrolment, to_phase, today: dt.date) -> None:
    if to_phase is None:
        enrolment.status = Enrolment.Status.COMPLETED
        enrolment.completed_on = today
    else:
        enrolment.current_phase = to_phase
        enrolment.phase_started_on = today
    enrolment.save(update_fields=["status", "completed_on", "current_phase", "phase_started_on"])
