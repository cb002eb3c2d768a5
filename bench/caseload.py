"""Caseload: SQL queries and response time of GET /api/v1/caseload/ for a physio whose
clinic has 10, 100 and 1,000 patients, each enrolled with 14 days of logs and one in
seven with an open alert. Timed in-process with Django's test client (no network)."""

import datetime as dt
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import data, settings, stack
from bench.stats import percentile
from rehab.alerts import raise_alert
from rehab.models import Alert

LOG_DAYS = 14


def build_clinic(size: int) -> str:
    """A clinic with `size` patients; returns its physio's token."""
    _clinic, physio, token = data.clinic_with_physio(f"Caseload {size}")
    started = data.today() - dt.timedelta(days=30)
    people = data.enrolled_patients(physio, size, started=started)
    patients = [patient for patient, _ in people]
    enrolments = [patient.enrolments.get() for patient in patients]
    exercises = data.prescribed_exercises_json(enrolments[0].current_phase)
    data.copy_rows(
        "rehab_checkin",
        data.CHECKIN_COLUMNS,
        data.daily_checkins([p.pk for p in patients], LOG_DAYS, last_day=data.today()),
    )
    data.copy_rows(
        "rehab_exercisesession",
        data.SESSION_COLUMNS,
        data.daily_sessions(enrolments, LOG_DAYS, last_day=data.today(), exercises=exercises),
    )
    for patient in patients[::7]:
        raise_alert(
            patient=patient,
            kind=Alert.Kind.STALLED,
            severity=Alert.Severity.ROUTINE,
            message="No check-in for 3 days.",
        )
    return token


def measure(token: str, repeats: int) -> dict:
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    client.get("/api/v1/caseload/")  # warm caches (protocol definitions, first connection)
    timings, queries = [], []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/api/v1/caseload/")
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:500]
        queries.append(len(captured))
    return {
        "queries": max(queries),
        "median_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 95),
        "rows_on_first_page": len(response.json()["results"]),
        "count": response.json()["count"],
    }


def run() -> dict:
    stack.fresh_state()
    by_size = {}
    for size in settings.CASELOAD_SIZES:
        by_size[size] = measure(build_clinic(size), settings.CASELOAD_REPEATS)
    rows = [
        [
            "caseload",
            f"{size:,} patients: queries, median / p95 ms",
            f"{m['queries']} q, {m['median_ms']:.0f} / {m['p95_ms']:.0f} ms",
            "",
            "",
        ]
        for size, m in by_size.items()
    ]
    return {
        "setup": {"repeats": settings.CASELOAD_REPEATS, "log_days": LOG_DAYS},
        "sizes": by_size,
        "rows": rows,
    }
