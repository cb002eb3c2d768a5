"""What the gate engine reads for one enrolment on one date, loaded in a fixed number of
queries and handed over as plain dataclasses (`rehab.gates.types`)."""

import datetime as dt
import json
from collections import defaultdict

from django.db.models import (
    BooleanField,
    DateTimeField,
    ExpressionWrapper,
    Field,
    Func,
    Max,
    Q,
    UUIDField,
)

from plans import services as plan_services
from rehab import gates
from rehab.models import (
    ActedEvidence,
    Alert,
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
NO_RUN_PLAN = ExpressionWrapper(Q(current_phase__run_plan__isnull=True), BooleanField())


def conflicting_surgeries(enrolment: Enrolment):
    """Surgery recorded on a non-operative or tendinopathy enrolment, or a second surgery on
    the operative track: advances wait until the patient is re-enrolled (PROTOCOLS.md 9.16)."""
    surgeries = Treatment.objects.filter(
        patient_id=enrolment.patient_id,
        kind=Treatment.Kind.SURGERY,
        date__gte=enrolment.surgery_date or enrolment.start_date,
    )
    if enrolment.track == "operative" and enrolment.surgery_date:
        surgeries = surgeries.filter(date__gt=enrolment.surgery_date)
    return list(surgeries.order_by("date"))


def load_state(enrolment: Enrolment, today: dt.date) -> gates.PatientState:
    """One enrolment's state: the bulk loader with a chunk of one (one code path)."""
    return load_states([enrolment], {enrolment.pk: today})[enrolment.pk]


def load_states(
    enrolments, today_by_enrolment_id: dict[int, dt.date]
) -> dict[int, gates.PatientState]:
    """The states of a chunk of enrolments, in a fixed number of queries whatever the chunk's
    size: every row of the chunk's patients is read once as a plain tuple and shared out in
    Python, exactly as the rules for one enrolment read them (PROTOCOLS.md section 9).

    The enrolments need `version`, `current_phase` and `protocol` loaded (select_related)."""
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    patients = {e.patient_id for e in enrolments}
    todays = [today_by_enrolment_id[e.pk] for e in enrolments]
    since = min(todays) - dt.timedelta(days=WINDOW_DAYS)
    by_patient = _rows_by_patient

    # Model ordering (newest first) is kept in every read: the engine sees the same order.
    checkins = by_patient(
        CheckIn.objects.filter(patient_id__in=patients, date__gte=since).values_list(
            "patient_id",
            "date",
            "pain_rest",
            "pain_morning",
            "sitting_minutes",
            "load_test_pain",
            IdText("pk"),
        )
    )
    # One read serves this enrolment's sessions and, on a running plan, the dates of the
    # patient's strength sessions on any programme (9.15).
    sessions = by_patient(
        ExerciseSession.objects.filter(
            patient_id__in=patients, date__gte=min(since, min(todays) - dt.timedelta(days=14))
        ).values_list(
            "patient_id",
            "enrolment_id",
            "date",
            "pain_during",
            "pain_after",
            "rpe",
            IdText("pk"),
            UtcNaive("created_at"),
            ExerciseKeys("exercises"),
        )
    )
    runs = by_patient(
        Run.objects.filter(patient_id__in=patients, date__gte=since).values_list(
            "patient_id",
            "date",
            "level",
            "pain_during",
            "pain_after",
            "limp",
            "run_min",
            "walk_min",
            IdText("pk"),
            UtcNaive("created_at"),
        )
    )
    # Measurements of the last year, and every `<flag>_cleared` check whatever its date.
    measured_since = min(todays) - dt.timedelta(days=MEASUREMENT_DAYS)
    measurements = by_patient(
        Measurement.objects.filter(patient_id__in=patients)
        .filter(Q(date__gte=measured_since) | Q(key__endswith="_cleared"))
        .values_list("patient_id", "date", "key", "value", "side", "method", "created_at")
    )
    ledger = by_patient(
        ActedEvidence.objects.filter(enrolment__patient_id__in=patients).values_list(
            "enrolment__patient_id", "enrolment_id", "rule", "evidence", "evidence_on", "action"
        )
    )
    others = by_patient(
        Enrolment.objects.filter(patient_id__in=patients)
        .annotate(top=Max("transitions__to_phase__index", filter=ENTERED))
        .annotate(no_plan=NO_RUN_PLAN)
        .values_list(
            "patient_id",
            "status",
            "protocol__slug",
            "current_phase__index",
            "no_plan",
            "top",
        )
    )
    treatments = by_patient(
        Treatment.objects.filter(
            patient_id__in=patients,
            kind__in=[*Treatment.INJECTIONS, Treatment.Kind.SURGERY],
        ).values_list("patient_id", "kind", "date")
    )
    raised = by_patient(
        Alert.objects.filter(
            patient_id__in=patients, kind=Alert.Kind.RED_FLAG, severity=Alert.Severity.URGENT
        )
        .values("patient_id", "key")
        .annotate(last=Max("created_at"))
        .values_list("patient_id", "key", "last")
        .order_by()
    )
    # The patient's plan, where the physio adjusted this phase's prescriptions.
    plans = plan_services.items_for_states(enrolments)

    return {
        e.pk: _state(
            e,
            today_by_enrolment_id[e.pk],
            plan_items=plans.get(e.pk),
            checkins=checkins[e.patient_id],
            sessions=sessions[e.patient_id],
            runs=runs[e.patient_id],
            measurements=measurements[e.patient_id],
            ledger=ledger[e.patient_id],
            others=others[e.patient_id],
            treatments=treatments[e.patient_id],
            raised=raised[e.patient_id],
        )
        for e in enrolments
    }


class IdText(Func):
    """A row's UUID as text, made by PostgreSQL: building a UUID object per row and its
    string in Python cost more than the rest of the row. SQLite stores UUIDs as 32 hex
    digits, so there it is read as a UUID (and turned into the same text by `str`)."""

    output_field = UUIDField()

    def as_postgresql(self, compiler, connection, **extra_context):
        x, params = compiler.compile(self.source_expressions[0])
        return f"({x})::text", params

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


class UtcNaive(Func):
    """A timestamp as its UTC wall clock, made aware again by `_utc`: the driver's own
    loader for plain timestamps is compiled, Django's for timestamptz (which sets the zone
    on every value) is Python, and was a tenth of the chunk's bulk reads. SQLite gives it
    aware in UTC already."""

    output_field = DateTimeField()

    def as_postgresql(self, compiler, connection, **extra_context):
        x, params = compiler.compile(self.source_expressions[0])
        return f"({x} AT TIME ZONE 'UTC')", params

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def _utc(at: dt.datetime | None) -> dt.datetime | None:
    return at if at is None else at.replace(tzinfo=dt.UTC)


class ExerciseKeys(Func):
    """A session's exercise keys, read in SQL from its `exercises` JSON: decoding every
    session's whole list in Python was a sixth of a profiled nightly chunk. PostgreSQL
    returns a text[] (a list); SQLite a JSON array as text."""

    output_field = Field()

    def as_postgresql(self, compiler, connection, **extra_context):
        x, params = compiler.compile(self.source_expressions[0])
        return (
            f"ARRAY(SELECT COALESCE(e ->> 'exercise', '') FROM jsonb_array_elements("
            f"CASE WHEN jsonb_typeof({x}) = 'array' THEN {x} ELSE '[]'::jsonb END)"
            " WITH ORDINALITY AS t(e, n) ORDER BY n)",
            list(params) * 2,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        x, params = compiler.compile(self.source_expressions[0])
        return (
            f"(SELECT json_group_array(COALESCE(json_extract(value, '$.exercise'), ''))"
            f" FROM json_each(CASE WHEN json_type({x}) = 'array' THEN {x} ELSE '[]' END))",
            list(params) * 2,
        )


def _keys(keys) -> tuple[str, ...]:
    return tuple(json.loads(keys) if isinstance(keys, str) else keys or ())


def _rows_by_patient(rows) -> defaultdict[int, list[tuple]]:
    """Plain rows grouped by their first column (the patient), in the query's order."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row[1:])
    return grouped


def _state(
    enrolment: Enrolment,
    today: dt.date,
    *,
    plan_items,
    checkins,
    sessions,
    runs,
    measurements,
    ledger,
    others,
    treatments,
    raised,
) -> gates.PatientState:
    since = today - dt.timedelta(days=WINDOW_DAYS)
    measured_since = today - dt.timedelta(days=MEASUREMENT_DAYS)
    strength_since = today - dt.timedelta(days=14)
    definition = enrolment.version.parsed
    zones = definition.rules.pain_zones
    run_plan = enrolment.current_phase.run_plan
    run_levels = [
        10 if status == Enrolment.Status.COMPLETED else max(index, top or 0) + 1
        for status, _, index, no_plan, top in others
        if not no_plan
    ]
    # Surgery on a non-operative or tendinopathy enrolment, or a second one on the
    # operative track (9.16): the same rule as conflicting_surgeries().
    surgery_from = enrolment.surgery_date or enrolment.start_date
    operative = enrolment.track == "operative" and enrolment.surgery_date
    surgery_conflict = any(
        kind == Treatment.Kind.SURGERY
        and on >= surgery_from
        and (not operative or on > enrolment.surgery_date)
        for kind, on in treatments
    )
    injections = [on for kind, on in treatments if kind in Treatment.INJECTIONS and on <= today]
    prescriptions = next(
        (p.prescriptions for p in definition.phases if p.key == enrolment.current_phase.key), ()
    )
    if plan_items is not None:  # paused ones do not count as missed; added ones count
        prescriptions = plan_services.gate_prescriptions(prescriptions, plan_items)
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
            gates.CheckInLog(on, rest, morning, sitting, load_test, str(pk))
            for on, rest, morning, sitting, load_test, pk in checkins
            if on >= since
        ),
        sessions=tuple(
            gates.SessionLog(
                on,
                during,
                after,
                rpe,
                str(pk),
                _utc(entered_at),
                exercises=_keys(exercises),
            )
            for enrolment_id, on, during, after, rpe, pk, entered_at, exercises in sessions
            if enrolment_id == enrolment.pk and on >= since
        ),
        runs=tuple(
            gates.RunLog(
                on,
                level,
                during,
                after,
                limp,
                float(run_min),
                float(walk_min),
                str(pk),
                _utc(entered_at),
            )
            for on, level, during, after, limp, run_min, walk_min, pk, entered_at in runs
            if on >= since
        ),
        measurements=tuple(
            gates.MeasurementLog(on, key, float(value), side, method, entered_at)
            for on, key, value, side, method, entered_at in measurements
            if on >= measured_since
        ),
        # Adherence is judged against the most frequent prescription of the phase.
        sessions_per_week=max((rx.sessions_per_week for rx in prescriptions), default=0),
        flare_dates=tuple(
            on for _, _, _, on, action in ledger if action in ActedEvidence.FLARE_ACTIONS
        ),
        acted_on=frozenset(
            evidence
            for enrolment_id, rule, evidence, _, _ in ledger
            if enrolment_id == enrolment.pk and rule not in NOT_FLARE_RULES
        ),
        acted_elsewhere=frozenset(
            evidence
            for enrolment_id, _, evidence, _, action in ledger
            if enrolment_id != enrolment.pk and action in ActedEvidence.FLARE_ACTIONS
        ),
        red_flagged=frozenset(
            evidence for _, rule, evidence, _, _ in ledger if rule == "escalating"
        ),
        current_level=enrolment.current_phase.index + 1 if run_plan is not None else None,
        plan_started_on=enrolment.start_date,
        strength_session_dates=tuple(on for _, on, *_ in sessions if on >= strength_since)
        if run_plan is not None
        else (),
        run_level_reached=max(run_levels) if run_levels else None,
        completed_protocols=frozenset(
            slug for status, slug, *_ in others if status == Enrolment.Status.COMPLETED
        ),
        injection_washout_days=definition.rules.injection_washout_days,
        last_injection=max(injections, default=None),
        open_urgent_flags=tuple(open_flags(raised, measurements))
        + (("surgery_recorded",) if surgery_conflict else ())
        + (("running_paused",) if enrolment.running_paused_since else ()),
        prescriptions=prescriptions,
    )


def open_flags(raised, measurements) -> dict[str, dt.date]:
    """open_urgent_red_flags() over rows already read: a raised urgent flag stays open
    unless the newest `<flag>_cleared` check (date, then time entered) is 1 or more and was
    entered after its latest alert (9.4, 9.8)."""
    raised = dict(raised)
    checks = sorted(
        (
            (on, entered_at, key.removesuffix("_cleared"), value)
            for on, key, value, _, _, entered_at in measurements
            if key.endswith("_cleared") and key.removesuffix("_cleared") in raised
        ),
        key=lambda check: check[:2],
    )
    newest = {flag: (value, entered_at) for _, entered_at, flag, value in checks}
    return {
        flag: last.date()
        for flag, last in sorted(raised.items())
        if not ((check := newest.get(flag)) and check[0] >= 1 and check[1] >= last)
    }


# Ledger rules that are not flare or hold triggers: they never take evidence out of play.
NOT_FLARE_RULES = (
    "escalating",
    "stalled",
    "not_responding",
    "surgery_recorded",
    "late_evidence",
    "held_with_other",
)
