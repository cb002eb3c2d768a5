"""Batch evaluation of a nightly chunk (issue 18): the bulk loader builds exactly the state
the per-enrolment reads built, a chunk decides and acts exactly as each enrolment alone,
and a chunk costs a fixed number of queries whatever its size."""

import datetime as dt
import random

import pytest
from django.db.models import Max
from django.utils import timezone

from rehab import gates, services
from rehab.alerts import open_urgent_red_flags
from rehab.enrolments import enrol
from rehab.gate_state import (
    ENTERED,
    MEASUREMENT_DAYS,
    NOT_FLARE_RULES,
    WINDOW_DAYS,
    conflicting_surgeries,
    load_state,
    load_states,
)
from rehab.models import (
    ActedEvidence,
    Alert,
    CheckIn,
    Enrolment,
    ExerciseSession,
    Measurement,
    PhaseTransition,
    Run,
    Treatment,
)
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def reference_state(enrolment: Enrolment, today: dt.date) -> gates.PatientState:
    """The per-enrolment loader as it was before the bulk one (ORM reads per enrolment),
    kept here as the oracle the bulk loader must match."""
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
            )
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
            )
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


RULES = [
    "limp_reported",
    "session_pain_above",
    "morning_pain_rise",
    "escalating",
    "stalled",
    "not_responding",
    "surgery_recorded",
    "late_evidence",
]
FLAGS = ["suspected_avulsion", "neuro", "post_op", "bone_stress", "non_mechanical"]


def random_clinic(rng: random.Random, cast, shipped, patients: int = 6) -> list[Enrolment]:
    """Patients on one, two or three of the shipped protocols with random logs, checks,
    treatments, ledger rows and red-flag alerts, some enrolments moved on or completed."""
    enrolments = []
    for _ in range(patients):
        patient = PatientFactory(clinic=cast.physio.clinic, treating_physio=cast.physio)
        today = patient.local_today()

        def ago(n, today=today):
            return today - dt.timedelta(days=n)

        mine = []
        # Return-to-run first: it is refused while an avulsion phase forbids running.
        slugs = rng.sample(sorted(shipped), rng.randint(1, 3))
        for slug in sorted(slugs, key=lambda slug: slug != "return-to-run"):
            extra = {}
            if slug == "hamstring-avulsion":
                surgery = ago(rng.randint(30, 120))
                extra = dict(track="operative", surgery_date=surgery)
            if slug == "return-to-run":
                extra = dict(entry_confirmed=True)
            enrolment = enrol(
                patient=patient,
                version=shipped[slug],
                side=rng.choice(["left", "right"]),
                start_date=ago(rng.randint(20, 90)),
                created_by=cast.physio,
                **extra,
            )
            phases = list(enrolment.version.phases.order_by("index"))
            if rng.random() < 0.4:  # moved on, started on a date (and at a time) of its own
                enrolment.current_phase = rng.choice(phases)
                enrolment.phase_started_on = ago(rng.randint(0, 30))
            if rng.random() < 0.2:
                enrolment.running_paused_since = enrolment.created_at
            enrolment.save()
            mine.append(enrolment)
        for n in range(75, -1, -1):
            if rng.random() < 0.8:
                CheckIn.objects.create(
                    patient=patient,
                    date=ago(n),
                    pain_rest=rng.randint(0, 4),
                    pain_morning=rng.randint(0, 7),
                    sitting_minutes=rng.choice([None, 30, 60]),
                    load_test_pain=rng.choice([None, rng.randint(0, 6)]),
                )
            for enrolment in mine:
                if rng.random() < 0.5:
                    ExerciseSession.objects.create(
                        patient=patient,
                        enrolment=enrolment,
                        date=ago(n),
                        pain_during=rng.randint(0, 8),
                        pain_after=rng.randint(0, 6),
                        rpe=rng.choice([None, 5, 7]),
                        exercises=[{"exercise": rng.choice(["bridge", "nordic", "slider"])}],
                    )
            if rng.random() < 0.3:
                Run.objects.create(
                    patient=patient,
                    enrolment=rng.choice(mine),
                    date=ago(n),
                    level=rng.randint(1, 9),
                    pain_during=rng.randint(0, 5),
                    pain_after=rng.randint(0, 5),
                    limp=rng.random() < 0.1,
                    run_min=rng.choice([1, 2.5, 5]),
                    walk_min=rng.choice([0, 1.5]),
                )
        raised = rng.sample(FLAGS, rng.randint(0, 3))
        for flag in raised:
            Alert.objects.create(
                patient=patient,
                kind=Alert.Kind.RED_FLAG,
                key=flag,
                severity=rng.choice([Alert.Severity.URGENT, Alert.Severity.ROUTINE]),
                message="flag",
            )
        for _ in range(rng.randint(0, 8)):
            key = rng.choice(
                [
                    "knee_flexion_lsi",
                    "phat_pain",
                    "surgeon_cleared_fwb",
                    *(f"{f}_cleared" for f in raised),
                ]
            )
            Measurement.objects.create(
                patient=patient,
                date=ago(rng.choice([0, 3, 20, 400])),
                key=key,
                value=rng.choice([0, 1, 85.5]),
                side=rng.choice(["", "left", "right"]),
            )
        for _ in range(rng.randint(0, 2)):
            Treatment.objects.create(
                patient=patient,
                date=ago(rng.randint(-1, 100)),
                kind=rng.choice(
                    [*Treatment.INJECTIONS, Treatment.Kind.SURGERY, Treatment.Kind.SHOCKWAVE]
                ),
            )
        for enrolment in mine:
            for n in range(rng.randint(0, 4)):
                ActedEvidence.objects.create(
                    enrolment=enrolment,
                    rule=rng.choice(RULES),
                    evidence=f"session:{n}",
                    evidence_on=ago(rng.randint(0, 60)),
                    trigger="nightly",
                    action=rng.choice(ActedEvidence.Action.values),
                )
        if rng.random() < 0.3:  # a completed programme among the patient's others
            mine[0].status = Enrolment.Status.COMPLETED
            mine[0].save()
        enrolments += mine
    return enrolments


def loaded(ids):
    return list(
        Enrolment.objects.filter(pk__in=ids).select_related(
            "version", "current_phase", "protocol", "patient"
        )
    )


@pytest.mark.slow  # random clinics, each loaded twice
@pytest.mark.parametrize("seed", range(4))
def test_the_bulk_loader_builds_the_state_each_enrolment_alone_built(cast, shipped, seed):
    rng = random.Random(seed)
    enrolments = loaded(e.pk for e in random_clinic(rng, cast, shipped))
    # Each enrolment judged on its patient's today, or the date just ended (nightly).
    todays = {
        e.pk: e.patient.local_today() - dt.timedelta(days=rng.choice([0, 1])) for e in enrolments
    }
    chunk = load_states(enrolments, todays)
    assert set(chunk) == {e.pk for e in enrolments}
    for enrolment in enrolments:
        expected = reference_state(enrolment, todays[enrolment.pk])
        assert chunk[enrolment.pk] == expected
        assert load_state(enrolment, todays[enrolment.pk]) == expected


def ready_or_flaring(rng: random.Random, cast, shipped, patients: int = 4) -> list[Enrolment]:
    """Patients whose logs meet PHT's goals (ready for review), some with a flare among
    them, and a patient on two programmes, so a chunk decides and acts in every way."""
    enrolments = []
    for n in range(patients):
        patient = PatientFactory(clinic=cast.physio.clinic, treating_physio=cast.physio)
        today = patient.local_today()
        pht = enrol(
            patient=patient,
            version=shipped["pht-loading"],
            side="left",
            start_date=today - dt.timedelta(days=20),
            created_by=cast.physio,
        )
        mine = [pht]
        if n % 2:
            mine.append(
                enrol(
                    patient=patient,
                    version=shipped["return-to-run"],
                    side="left",
                    start_date=today - dt.timedelta(days=14),
                    created_by=cast.physio,
                    entry_confirmed=True,
                )
            )
        for back in range(21):
            day = today - dt.timedelta(days=back)
            CheckIn.objects.create(
                patient=patient, date=day, pain_rest=0, pain_morning=2, load_test_pain=2
            )
            flare = back == 1 and rng.random() < 0.5
            for enrolment in mine:
                ExerciseSession.objects.create(
                    patient=patient,
                    enrolment=enrolment,
                    date=day,
                    pain_during=8 if flare else 2,
                    pain_after=1,
                )
            if len(mine) > 1 and back < 10:
                Run.objects.create(
                    patient=patient,
                    enrolment=mine[1],
                    date=day,
                    level=1,
                    pain_during=1,
                    pain_after=rng.choice([1, 6]),
                    run_min=1,
                    walk_min=1,
                )
        enrolments += mine
    return enrolments


def outcome_of_everything():
    """Transitions, alerts, ledger and stored gates, without ids and clock times."""
    from rehab.models import PhaseTransition

    return {
        "transitions": sorted(
            PhaseTransition.objects.values_list(
                "enrolment_id",
                "from_phase_id",
                "to_phase_id",
                "decision",
                "status",
                "trigger",
                "evaluated_on",
                "reason",
            ),
            key=repr,
        ),
        "alerts": sorted(
            [
                (*row[:6], row[6] is None, row[7])
                for row in Alert.objects.values_list(
                    "patient_id",
                    "enrolment_id",
                    "kind",
                    "key",
                    "severity",
                    "message",
                    "acknowledged_at",
                    "resolution",
                )
            ],
            key=repr,
        ),
        "ledger": sorted(
            ActedEvidence.objects.values_list(
                "enrolment_id",
                "rule",
                "evidence",
                "evidence_on",
                "action",
                "trigger",
                "transition__decision",
                "transition__status",
                "alert__kind",
                "alert__key",
            ),
            key=repr,
        ),
        "enrolments": [
            (
                e.pk,
                e.status,
                e.current_phase_id,
                e.phase_started_on,
                e.nightly_for,
                e.running_paused_since is not None,
                e.running_paused_reason,
                {k: v for k, v in (e.gate_snapshot or {}).items()},
            )
            for e in Enrolment.objects.order_by("pk")
        ],
    }


class Undo(Exception):
    pass


def run_and_undo(evaluate_them, outcome=outcome_of_everything) -> dict:
    """Evaluate, record the outcome, and roll it back so the other way starts from the same
    records."""
    from django.db import transaction

    try:
        with transaction.atomic():
            evaluate_them()
            seen = outcome()
            raise Undo
    except Undo:
        return seen


@pytest.mark.slow  # random clinics, each evaluated twice
@pytest.mark.parametrize("seed", range(3))
def test_a_chunk_acts_exactly_as_each_enrolment_evaluated_alone(cast, shipped, seed):
    from rehab import attention, services

    rng = random.Random(seed)
    enrolments = random_clinic(rng, cast, shipped, patients=4) + ready_or_flaring(
        rng, cast, shipped
    )
    ids = sorted(e.pk for e in enrolments)

    # One patient at a time, a running plan before the patient's other programme (9.1).
    order = [
        e.pk
        for e in sorted(enrolments, key=lambda e: (e.patient_id, e.current_phase.run_plan is None))
    ]

    def alone():
        for enrolment_id in order:  # the chunk as it was run before: one enrolment at a time
            services.evaluate(enrolment_id=enrolment_id, trigger="nightly")
            attention.raise_attention_alerts(enrolment_id=enrolment_id)

    def chunk():
        services.evaluate_many(enrolment_ids=ids, trigger="nightly")
        attention.raise_attention_alerts_many(enrolment_ids=ids)

    one_by_one, together = run_and_undo(alone), run_and_undo(chunk)
    assert together == one_by_one
    # The data made the chunk act in several ways, not only hold.
    decisions = {e[-1].get("decision") for e in together["enrolments"]}
    assert {"flare", "ready_for_review"} <= decisions or together["transitions"]
    # Run again: each date is judged once, and nothing acts twice.
    services.evaluate_many(enrolment_ids=ids, trigger="nightly")
    before = outcome_of_everything()
    services.evaluate_many(enrolment_ids=ids, trigger="nightly")
    assert outcome_of_everything() == before


def quiet_patients(cast, shipped, count: int) -> list[int]:
    """Enrolments that hold with nothing to act on: a few calm check-ins, no sessions."""
    ids = []
    for _ in range(count):
        patient = PatientFactory(clinic=cast.physio.clinic, treating_physio=cast.physio)
        today = patient.local_today()
        enrolment = enrol(
            patient=patient,
            version=shipped["pht-loading"],
            side="left",
            start_date=today - dt.timedelta(days=5),
            created_by=cast.physio,
        )
        for back in range(4):
            CheckIn.objects.create(
                patient=patient, date=today - dt.timedelta(days=back), pain_rest=0, pain_morning=2
            )
        ids.append(enrolment.pk)
    return ids


# lock, versions, the bulk reads, pending proposals, 2 snapshot writes, 3 attention reads
CHUNK_QUERIES = 20


@pytest.mark.parametrize("size", [5, 50])
def test_a_quiet_chunk_costs_the_same_queries_whatever_its_size(
    cast, shipped, size, django_assert_max_num_queries
):
    from rehab.tasks import evaluate_chunk

    ids = quiet_patients(cast, shipped, size)
    with django_assert_max_num_queries(CHUNK_QUERIES):
        assert evaluate_chunk(ids) == size
    snapshots = Enrolment.objects.values_list("gate_snapshot", flat=True)
    assert {s["decision"] for s in snapshots} == {"hold"}
    assert not Alert.objects.exists()


def test_a_chunk_stores_each_gate_with_one_history_row(cast, shipped):
    ids = quiet_patients(cast, shipped, 3)
    history = Enrolment.history.model.objects.filter(id__in=ids)
    before = history.count()
    results = services.evaluate_many(enrolment_ids=ids, trigger="nightly")
    rows = history.filter(history_type="~").order_by("-history_id")[: len(ids)]
    assert history.count() == before + len(ids)
    for enrolment in Enrolment.objects.filter(pk__in=ids):
        stored = {k: v for k, v in results[enrolment.pk].items() if k != "evaluated_at"}
        assert enrolment.gate_snapshot == stored
        assert enrolment.evaluated_at == results[enrolment.pk]["evaluated_at"]
        assert enrolment.nightly_for == dt.date.fromisoformat(stored["evaluated_on"])
        row = next(r for r in rows if r.id == enrolment.pk)
        assert (row.gate_snapshot, row.nightly_for, row.evaluated_at, row.history_date) == (
            enrolment.gate_snapshot,
            enrolment.nightly_for,
            enrolment.evaluated_at,
            enrolment.evaluated_at,
        )
        assert (row.status, row.current_phase_id) == (enrolment.status, enrolment.current_phase_id)


def ready_patients(cast, shipped, count: int) -> list[Enrolment]:
    """Enrolments on PHT whose three weeks of calm logs meet stage 1's goals: each is ready
    for review."""
    enrolments = []
    for _ in range(count):
        patient = PatientFactory(clinic=cast.physio.clinic, treating_physio=cast.physio)
        today = patient.local_today()
        enrolment = enrol(
            patient=patient,
            version=shipped["pht-loading"],
            side="left",
            start_date=today - dt.timedelta(days=20),
            created_by=cast.physio,
        )
        days = [today - dt.timedelta(days=back) for back in range(21)]
        CheckIn.objects.bulk_create(
            CheckIn(patient=patient, date=day, pain_rest=0, pain_morning=2, load_test_pain=2)
            for day in days
        )
        ExerciseSession.objects.bulk_create(
            ExerciseSession(
                patient=patient, enrolment=enrolment, date=day, pain_during=2, pain_after=1
            )
            for day in days
        )
        enrolments.append(enrolment)
    return enrolments


PROPOSING_CHUNK_QUERIES = CHUNK_QUERIES + 4  # the proposals' bulk read, phases and 2 inserts


@pytest.mark.parametrize("size", [5, 50])
def test_a_chunk_where_every_enrolment_proposes_costs_the_same_queries_whatever_its_size(
    cast, shipped, size, django_assert_max_num_queries
):
    from rehab.tasks import evaluate_chunk

    ids = [e.pk for e in ready_patients(cast, shipped, size)]
    with django_assert_max_num_queries(PROPOSING_CHUNK_QUERIES):
        assert evaluate_chunk(ids) == size
    assert PhaseTransition.objects.filter(status="pending").count() == size
    assert Alert.objects.filter(kind="ready_for_review", acknowledged_at=None).count() == size


def test_a_chunk_proposes_exactly_as_each_enrolment_evaluated_alone(cast, shipped):
    """The proposals written together are the rows each evaluation alone wrote: the same
    transitions and alerts (no alert where one is open already), none while a proposal
    is pending or in the 7 days after a decline (9.11), the same stored gates and history."""
    from rehab import attention

    pending, recent, old, open_alert, *others = ready_patients(cast, shipped, 8)
    for enrolment in (pending, recent, old):
        nxt = enrolment.version.phases.get(index=enrolment.current_phase.index + 1)
        ago = 2 if enrolment is recent else 9
        PhaseTransition.objects.create(
            enrolment=enrolment,
            from_phase=enrolment.current_phase,
            to_phase=nxt,
            decision="ready_for_review",
            status="pending" if enrolment is pending else "declined",
            trigger="nightly",
            evaluated_on=enrolment.patient.local_today() - dt.timedelta(days=ago),
            decided_at=None if enrolment is pending else timezone.now() - dt.timedelta(days=ago),
        )
    Alert.objects.create(
        patient=open_alert.patient,
        enrolment=open_alert,
        kind="ready_for_review",
        severity="routine",
        message="Left open.",
    )
    ids = sorted(e.pk for e in (pending, recent, old, open_alert, *others))

    def everything():
        return {
            **outcome_of_everything(),
            "history": sorted(
                Enrolment.history.values_list("id", "history_type", "nightly_for", "status")
            ),
        }

    def alone():
        for enrolment_id in ids:
            services.evaluate(enrolment_id=enrolment_id, trigger="nightly")
            attention.raise_attention_alerts(enrolment_id=enrolment_id)

    def chunk():
        services.evaluate_many(enrolment_ids=ids, trigger="nightly")
        attention.raise_attention_alerts_many(enrolment_ids=ids)

    one_by_one, together = run_and_undo(alone, everything), run_and_undo(chunk, everything)
    assert together == one_by_one
    proposed = {t[0] for t in together["transitions"] if t[4] == "pending"}
    assert proposed == {pending.pk, old.pk, open_alert.pk, *(e.pk for e in others)}
    opened = [a for a in together["alerts"] if a[2] == "ready_for_review" and a[6]]
    stage_two = pending.version.phases.get(index=pending.current_phase.index + 1)
    message = f"Meets every goal of {pending.current_phase.name}: ready for {stage_two.name}."
    assert sorted(a[1] for a in opened) == sorted([open_alert.pk, old.pk, *(e.pk for e in others)])
    assert {a[5] for a in opened if a[1] != open_alert.pk} == {message}


@pytest.mark.parametrize("size", [5, 50])
def test_a_chunk_where_every_patient_stalled_costs_the_same_queries_whatever_its_size(
    cast, shipped, size, django_assert_max_num_queries
):
    """New attention episodes are recorded together: the open alerts read, the alerts and
    the ledger rows inserted in one statement each (in a savepoint)."""
    from rehab.tasks import evaluate_chunk

    ids = []
    for _ in range(size):
        patient = PatientFactory(clinic=cast.physio.clinic, treating_physio=cast.physio)
        enrolment = enrol(
            patient=patient,
            version=shipped["pht-loading"],
            side="left",
            start_date=patient.local_today() - dt.timedelta(days=5),
            created_by=cast.physio,
        )
        ids.append(enrolment.pk)
    with django_assert_max_num_queries(CHUNK_QUERIES + 5):
        assert evaluate_chunk(ids) == size
    stalled = Alert.objects.filter(kind="stalled", enrolment=None)
    assert stalled.count() == size
    assert ActedEvidence.objects.filter(rule="stalled", alert__in=stalled).count() == size
    # Another night: the episodes are in the ledger, nothing is raised again.
    Enrolment.objects.update(nightly_for=None)
    with django_assert_max_num_queries(CHUNK_QUERIES):
        evaluate_chunk(ids)
    assert Alert.objects.count() == size
