"""What one check-in costs, pinned: the SQL statements and the Redis commands of a token
POST /api/v1/checkins/, the queued evaluation included. A new query or command on the
write path fails here instead of in the benchmark (docs/performance.md)."""

import itertools
from contextlib import contextmanager, nullcontext
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from psycopg import pq

from rehab.models import Alert, CheckIn
from tests.rehab.conftest import checkin_body, days_ago

# Committed for real, as in production: no test transaction turning the write's own
# transaction into savepoints, and the on-commit enqueue runs by itself.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="counts the commands sent to Redis"),
]

# token + user + patient + first enrolment start; BEGIN; INSERT check-in; INSERT its
# history row; COMMIT
CHECKIN_QUERIES = 5
# one per statement: a pipeline (psycopg) would save one at most, as it syncs on entry
# and exit and the history INSERT waits for its id
CHECKIN_ROUND_TRIPS = CHECKIN_QUERIES
# throttle: INCRBY and EXPIRE of the caller's counter in this window, GET of the last
# window's (one pipeline); enqueue: LPUSH of the message
CHECKIN_REDIS_COMMANDS = 4
# the throttle's pipeline and the LPUSH (DRF's throttle took a GET and a SET)
CHECKIN_REDIS_ROUND_TRIPS = 2
END = "end-of-measured-block"


@contextmanager
def redis_monitor():
    """The commands Redis received while the block ran (MONITOR on a connection of its own)."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    commands = []
    with client.monitor() as monitor:
        yield commands
        client.echo(END)
        for seen in monitor.listen():
            if seen["command"] == f"ECHO {END}":
                break
            commands.append(seen["command"])
    client.close()


@contextmanager
def redis_round_trips():
    """How many times a Redis client of this process sent (a pipeline sends once)."""
    sends = []
    real = redis.connection.AbstractConnection.send_packed_command

    def counted(connection, command, *args, **kwargs):
        sends.append(command)
        return real(connection, command, *args, **kwargs)

    with mock.patch.object(redis.connection.AbstractConnection, "send_packed_command", counted):
        yield sends


@pytest.fixture
def queued_for_real():
    """Publish tasks to the real broker instead of running them in-process."""
    from config.celery import app

    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = True
        redis.Redis.from_url(settings.REDIS_URL).delete("celery")  # no worker will take it


@contextmanager
def database_round_trips(trace_file):
    """How many times the client sent and then read PostgreSQL's answer, from libpq's
    protocol trace."""
    connection.ensure_connection()
    pgconn, waits = connection.connection.pgconn, []
    with open(trace_file, "w") as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            yield waits
        finally:
            pgconn.untrace()
    messages = [line.split("\t") for line in trace_file.read_text().splitlines()]
    # A round trip: the client sent, then read the server's answer.
    for sent, answer in itertools.pairwise(messages):
        if sent[0] == "F" and answer[0] == "B":
            waits.append(sent[2])


def measure_post(client, body, trips=None, trace_file=None, redis_trips=None):
    with (
        CaptureQueriesContext(connection) as queries,
        redis_monitor() as commands,
        redis_round_trips() as sends,
        database_round_trips(trace_file) if trace_file else nullcontext([]) as waits,
    ):
        response = client.post("/api/v1/checkins/", body, format="json")
    if trips is not None:
        trips.extend(waits)
    if redis_trips is not None:
        redis_trips.extend(sends)
    return response, [q["sql"] for q in queries.captured_queries], commands


@pytest.fixture
def patient_client(queued_for_real, enrolled, api):
    client = api(enrolled.patient.user)
    body = checkin_body(enrolled.patient, date=days_ago(enrolled.patient, 1).isoformat())
    assert client.post("/api/v1/checkins/", body, format="json").status_code == 201  # warm
    return client


def test_a_checkin_costs_five_round_trips_and_two_redis_round_trips(
    enrolled, patient_client, tmp_path
):
    trips, redis_trips = [], []
    response, queries, commands = measure_post(
        patient_client, checkin_body(enrolled.patient), trips, tmp_path / "libpq.trace", redis_trips
    )
    assert response.status_code == 201
    print(f"PostgreSQL round trips: {trips}")
    assert len(trips) == CHECKIN_ROUND_TRIPS
    print("\n".join(["SQL:", *[q[:90] for q in queries], "Redis:", *[c[:90] for c in commands]]))
    assert len(queries) == CHECKIN_QUERIES, queries
    assert len(commands) == CHECKIN_REDIS_COMMANDS, commands
    assert len(redis_trips) == CHECKIN_REDIS_ROUND_TRIPS, redis_trips
    assert CheckIn.history.filter(id=response.json()["id"]).count() == 1


def test_a_replay_and_a_conflict_add_only_their_reads(enrolled, patient_client):
    body = checkin_body(enrolled.patient)
    assert patient_client.post("/api/v1/checkins/", body, format="json").status_code == 201
    replay, queries, _ = measure_post(patient_client, body)
    print("\n".join(["Replay:", *[q[:90] for q in queries]]))
    assert replay.status_code == 200 and len(queries) <= CHECKIN_QUERIES + 1, queries
    clash, queries, _ = measure_post(patient_client, {**body, "pain_rest": 7})
    assert clash.status_code == 409 and len(queries) <= CHECKIN_QUERIES + 1, queries


def test_a_red_flag_costs_its_alert_in_the_same_transaction(enrolled, patient_client):
    body = checkin_body(enrolled.patient, red_flags=["sciatic"])
    response, queries, _ = measure_post(patient_client, body)
    print("\n".join(["Red flag:", *[q[:90] for q in queries]]))
    assert response.status_code == 201
    assert Alert.objects.filter(patient=enrolled.patient, key="sciatic").count() == 1
    assert len(queries) <= CHECKIN_QUERIES + 6, (
        queries
    )  # the open-alert check, a savepoint, the alert
