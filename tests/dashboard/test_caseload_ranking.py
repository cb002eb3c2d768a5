"""The caseload ranked by the database: the SQL rule for "waiting on the physio" equals
the Python one on every gate shape, and the SQL order equals the reasons each row shows."""

import datetime as dt
import json
import random
import sqlite3

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.services import has_unread, unread_for_staff
from patients import access
from rehab import caseload
from rehab.enrolments import enrol
from rehab.models import Alert, CheckIn
from tests.factories import PatientFactory

FALSY = [None, False, 0, 0.0, "", [], {}]
TRUTHY = [True, 1, 2.5, "x", ["a"], {"a": 1}]

criterion = st.fixed_dictionaries(
    {"label": st.sampled_from(["a", "b"])},
    optional={
        "key": st.sampled_from(["check", "measurement", "log_worst", "days_in_phase"]),
        "met": st.sampled_from(FALSY + TRUTHY),
        "observed": st.sampled_from([None, 0, 3, "no", "yes"]),
        "target": st.sampled_from(["recorded", "yes", ">= 15", 14, None]),
    },
)
gates = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            "criteria": st.lists(criterion, max_size=4),
            "flare_reasons": st.sampled_from(FALSY + TRUTHY),
            "hold_reasons": st.sampled_from(FALSY + TRUTHY),
            "blocked_by": st.sampled_from(FALSY + TRUTHY),
            "decision": st.just("hold"),
        },
    ),
)
WAITING = {
    "criteria": [
        {"key": "check", "label": "cleared", "met": False, "observed": None},
        {"key": "days_in_phase", "label": "14 days", "met": True},
    ]
}
EXAMPLES = [
    None,
    {},
    {"criteria": []},
    WAITING,
    {**WAITING, "hold_reasons": [{"key": "pain"}]},
    {**WAITING, "blocked_by": []},
    {**WAITING, "flare_reasons": 0},
    {"criteria": [{"key": "measurement", "label": "m", "met": 0}]},
    {"criteria": [{"key": "measurement", "label": "m", "met": None, "target": "recorded"}]},
    {"criteria": [{"key": "check", "label": "c", "met": False, "observed": "no"}]},
    {"criteria": [{"key": "check", "label": "c"}, {"key": "log_worst", "label": "p", "met": True}]},
]


def sqlite_says(gate) -> bool:
    with sqlite3.connect(":memory:") as db:
        sql = caseload.waiting_sql("sqlite", "g.doc")
        doc = None if gate is None else json.dumps(gate)
        return bool(
            db.execute(f"WITH g(doc) AS (SELECT ?) SELECT {sql} FROM g", [doc]).fetchone()[0]
        )


def postgres_says(gate) -> bool:
    sql = caseload.waiting_sql("postgresql", "g.doc")
    with connection.cursor() as cursor:
        doc = None if gate is None else json.dumps(gate)
        cursor.execute(f"WITH g(doc) AS (SELECT %s::jsonb) SELECT {sql} FROM g", [doc])
        return cursor.fetchone()[0]


@pytest.mark.parametrize("gate", EXAMPLES)
def test_sqlite_reads_a_gate_waiting_on_the_physio_as_python_does(gate):
    assert sqlite_says(gate) == bool(caseload.waiting_on_physio(gate))


@given(gate=gates)
@settings(max_examples=300, deadline=None)
def test_sqlite_agrees_with_python_on_any_gate(gate):
    assert sqlite_says(gate) == bool(caseload.waiting_on_physio(gate))


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's form")
def test_postgresql_agrees_with_python_on_examples_and_any_gate():
    assert [postgres_says(g) for g in EXAMPLES] == [
        bool(caseload.waiting_on_physio(g)) for g in EXAMPLES
    ]

    @given(gate=gates)
    @settings(max_examples=300, deadline=None)
    def agrees(gate):
        assert postgres_says(gate) == bool(caseload.waiting_on_physio(gate))

    agrees()


KINDS = ["red_flag", "flare", "ready_for_review", "stalled", "not_responding"]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_ranks_as_the_rows_explain(cast, shipped, seed):
    """A random clinic: the SQL order is the order of each row's most urgent reason
    (severity, kind, the older alert), then name, as the Python ranking was."""
    rng = random.Random(seed)
    names = ["ann", "Bob", "bob", "Cy", "Dee", "eve", "Fay"]
    for n in range(24):
        patient = PatientFactory(
            clinic=cast.physio.clinic,
            treating_physio=cast.physio,
            user__name=f"{rng.choice(names)} {n % 3}",
        )
        enrolment = enrol(
            patient=patient,
            version=shipped["pht-loading"],
            side="left",
            start_date=patient.local_today() - dt.timedelta(days=9),
            created_by=cast.physio,
        )
        if rng.random() < 0.3:
            enrolment.gate_snapshot = rng.choice(EXAMPLES)
            enrolment.save(update_fields=["gate_snapshot"])
        for _ in range(rng.choice([0, 0, 1, 2])):
            alert = Alert.objects.create(
                patient=patient,
                kind=rng.choice(KINDS),
                key=str(rng.random()),
                message="m",
                severity=rng.choice(["urgent", "high", "routine"]),
            )
            when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=rng.randint(0, 3))
            Alert.objects.filter(pk=alert.pk).update(created_at=when)
            if rng.random() < 0.2:
                Alert.objects.filter(pk=alert.pk).update(acknowledged_at=when)
        if rng.random() < 0.3:
            CheckIn.objects.create(
                patient=patient,
                date=patient.local_today(),
                pain_rest=1,
                pain_morning=1,
                note="a question",
            )
    user = cast.physio
    patients = access.visible_patients(user)
    ordered = list(caseload.ranked(patients, unread=has_unread(user=user)))
    caseload.rows(ordered, unread=unread_for_staff(user=user, patient_ids=[p.pk for p in ordered]))
    expected = sorted(ordered, key=lambda p: (p.urgency, p.name.lower(), p.pk))
    assert [p.pk for p in ordered] == [p.pk for p in expected]
    assert len({p.urgency[:2] for p in ordered}) > 3  # the data set mixes reasons
