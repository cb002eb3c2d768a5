"""What the gate engine reads for one enrolment on one date, loaded in a fixed number of
queries and handed over as plain dataclasses (`rehab.gates.types`)."""

import datetime as dt

from django.db.models import Max, Q

from rehab import gates
from rehab.alerts import open_urgent_red_flags
from rehab.models import (
    ActedEvidence,
    CheckIn,
    Enrolment,
    ExerciseSession,
    Measurement,
    Run,
    Treatment,
)

WINDOW_DAYS = 63  # three weekly means, their baselines and 28-day session windows
MEASUREMENT_DAYS = 365

# A phase counts as entered ("level N reached") once a move into it was applied.
ENTERED = Q(transitions__status__in=["applied", "approved"])


def conflicting_surgeries(enrolment: Enrolment):
    """Surgery recorded on a non-operative or tendinopathy enrolment, or a second surgery on
    the operative track: advances wait until the patient is re-enrolled (PROTOCOLS.md 9.16)."""
    surgeries = Treatment.objects.filter(
        patient_id=enrolment.patient_id, kind=Treatment.Kind.SURGERY,
        date__gte=enrolment.surgery_date or enrolment.start_date,
    )  # fmt: skip
    if enrolment.track == "operative" and enrolment.surgery_date:
        surgeries = surgeries.filter(date__gt=enrolment.surgery_date)
    return list(surgeries.order_by("date"))


def load_state(enrolment: Enrolment, today: dt.date) -> gates.PatientState:
    patient_id, since = enrolment.patient_id, today - dt.timedelta(days=WINDOW_DAYS)
    definition = enrolment.version.parsed
    checkins = CheckIn.objects.filter(patient_id=patient_id, date__gte=since)
    sessions = ExerciseSession.objects.filter(enrolment=enrolment, date__gte=since)
    runs = Run.objects.filter(patient_id=patient_id, date__gte=since)
    measurements = Measurement.objects.filter(
        patient_id=patient_id, date__gte=today - dt.timedelta(days=MEASUREMENT_DAYS)
    )
    ledger = list(
        ActedEvidence.objects.filter(enrolment__patient_id=patient_id).values_list(
            "enrolment_id", "rule", "evidence", "evidence_on", "action"
        )
    )
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
    )
    zones = definition.rules.pain_zones
    run_plan = enrolment.current_phase.run_plan
    return gates.PatientState(
        today=today,
        phase_started_on=enrolment.phase_started_on,
        phase_started_at=enrolment.phase_started_at,
        track=enrolment.track,
        injured_side=enrolment.side,
        zones=(zones.green_max, zones.amber_max),
        surgery_date=enrolment.surgery_date,
        injury_date=enrolment.injury_date,
        checkins=tuple(
            gates.CheckInLog(
                c.date, c.pain_rest, c.pain_morning, c.sitting_minutes, c.load_test_pain, str(c.pk)
            )
            for c in checkins
        ),
        sessions=tuple(
            gates.SessionLog(
                s.date,
                s.pain_during,
                s.pain_after,
                s.rpe,
                str(s.pk),
                s.created_at,
                exercises=tuple(e.get("exercise", "") for e in s.exercises or ()),
            )  # fmt: skip
            for s in sessions
        ),
        runs=tuple(
            gates.RunLog(
                r.date,
                r.level,
                r.pain_during,
                r.pain_after,
                r.limp,
                float(r.run_min),
                float(r.walk_min),
                str(r.pk),
                r.created_at,
            )  # fmt: skip
            for r in runs
        ),
        measurements=tuple(
            gates.MeasurementLog(m.date, m.key, float(m.value), m.side, m.method, m.created_at)
            for m in measurements
        ),
        sessions_per_week=per_week,
        flare_dates=tuple(
            on for _, _, _, on, action in ledger if action in ActedEvidence.FLARE_ACTIONS
        ),
        acted_on=frozenset(
            evidence
            for enrolment_id, rule, evidence, _, _ in ledger
            if enrolment_id == enrolment.pk and rule not in NOT_FLARE_RULES
        ),
        red_flagged=frozenset(
            evidence for _, rule, evidence, _, _ in ledger if rule == "escalating"
        ),
        current_level=enrolment.current_phase.index + 1 if run_plan is not None else None,
        plan_started_on=enrolment.start_date,
        strength_session_dates=tuple(
            ExerciseSession.objects.filter(
                patient_id=patient_id, date__gte=today - dt.timedelta(days=14)
            ).values_list("date", flat=True)
        )
        if run_plan is not None
        else (),
        run_level_reached=max(run_levels) if run_levels else None,
        completed_protocols=frozenset(
            e.protocol.slug for e in others if e.status == Enrolment.Status.COMPLETED
        ),
        injection_washout_days=definition.rules.injection_washout_days,
        last_injection=Treatment.objects.filter(
            patient_id=patient_id, kind__in=Treatment.INJECTIONS, date__lte=today
        ).aggregate(last=Max("date"))["last"],
        open_urgent_flags=tuple(open_urgent_red_flags(patient_id))
        + (("surgery_recorded",) if conflicting_surgeries(enrolment) else ())
        + (("running_paused",) if enrolment.running_paused_since else ()),
        prescriptions=next(
            (p.prescriptions for p in definition.phases if p.key == enrolment.current_phase.key),
            (),
        ),
    )


# Ledger rules that are not flare or hold triggers: they never take evidence out of play.
NOT_FLARE_RULES = ("escalating", "stalled", "not_responding", "surgery_recorded", "late_evidence")
