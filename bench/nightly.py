"""Nightly gate sweep: N active enrolments with 60 days of daily logs, evaluated by
rehab.tasks.nightly_evaluation fanning out to evaluate_chunk on real Celery workers;
against the floor of one SQL pass that reads the same log rows. Two nights: the first,
the worst case (every enrolment judged for the first time, a quarter propose a review),
and the second, the steady state (the same enrolments due again, proposals pending)."""

import collections
import datetime as dt
import time

import psycopg
from django.db import connection
from django.utils import timezone

from bench import data, settings, stack
from bench.stats import growth_factor, per_second, ratio
from rehab.gate_state import WINDOW_DAYS
from rehab.models import Enrolment, PhaseTransition
from rehab.tasks import NIGHTLY_CHUNK, nightly_evaluation

# The rows an evaluation reads, for every active enrolment, in one statement.
FLOOR_SQL = """
    SELECT e.id, c.date, c.pain_rest, c.pain_morning, c.sitting_minutes, c.load_test_pain
      FROM rehab_enrolment e JOIN rehab_checkin c ON c.patient_id = e.patient_id
     WHERE e.status = 'active' AND c.date >= %(since)s
    UNION ALL
    SELECT e.id, s.date, s.pain_during, s.pain_after, s.rpe, NULL
      FROM rehab_enrolment e JOIN rehab_exercisesession s ON s.enrolment_id = e.id
     WHERE e.status = 'active' AND s.date >= %(since)s
"""


def build(size: int) -> None:
    clinic, physio, _token = data.clinic_with_physio("Nightly clinic")
    today = data.today()
    started = today - dt.timedelta(days=settings.NIGHTLY_LOG_DAYS)
    enrolments = data.bulk_enrolled_patients(clinic, physio, size, started=started)
    exercises = data.prescribed_exercises_json(enrolments[0].current_phase)
    days = settings.NIGHTLY_LOG_DAYS
    data.copy_rows(
        "rehab_checkin",
        data.CHECKIN_COLUMNS,
        data.daily_checkins([e.patient_id for e in enrolments], days, last_day=today),
    )
    data.copy_rows(
        "rehab_exercisesession",
        data.SESSION_COLUMNS,
        data.daily_sessions(enrolments, days, last_day=today, exercises=exercises),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def floor_pass() -> tuple[int, float]:
    """Read every row the sweep reads, streamed by a server-side cursor; (rows, seconds)."""
    since = data.today() - dt.timedelta(days=WINDOW_DAYS)
    started = time.perf_counter()
    rows = 0
    with psycopg.connect(stack.database_url(stack.BENCH_DB)) as conn:
        with conn.cursor(name="floor") as cursor:
            cursor.itersize = 10_000
            cursor.execute(FLOOR_SQL, {"since": since})
            for _ in cursor:
                rows += 1
    return rows, time.perf_counter() - started


def sweep(size: int) -> float:
    """Run the nightly job on real workers; seconds until every enrolment is evaluated."""
    with stack.celery_worker(concurrency=settings.NIGHTLY_WORKER_CONCURRENCY):
        since = timezone.now()
        started = time.perf_counter()
        nightly_evaluation.delay()
        deadline = started + 120 + size / 5
        while Enrolment.objects.filter(evaluated_at__gte=since).count() < size:
            if time.perf_counter() > deadline:
                raise RuntimeError("the nightly sweep did not finish in time")
            time.sleep(0.25)
        return time.perf_counter() - started


def measure(size: int) -> dict:
    stack.fresh_state()
    build(size)
    floor_rows, floor_seconds = floor_pass()
    seconds = sweep(size)
    decisions = decisions_now()
    # The second night, the steady state: the same enrolments due again (their date marked
    # not judged), read the same logs, and the quarter that proposed a review now waits on
    # its pending proposal, so almost nothing acts.
    Enrolment.objects.update(nightly_for=None)
    second = sweep(size)
    return {
        "enrolments": size,
        "seconds": seconds,
        "per_second": per_second(size, seconds),
        "floor_rows": floor_rows,
        "floor_seconds": floor_seconds,
        "floor_per_second": per_second(size, floor_seconds),
        "decisions": dict(decisions),
        "second_night": {
            "seconds": second,
            "per_second": per_second(size, second),
            "decisions": dict(decisions_now()),
            "proposals_pending": PhaseTransition.objects.filter(status="pending").count(),
        },
    }


def decisions_now() -> collections.Counter:
    return collections.Counter(
        (snapshot or {}).get("decision")
        for snapshot in Enrolment.objects.values_list("gate_snapshot", flat=True)
    )


def run() -> dict:
    by_size = {size: measure(size) for size in settings.NIGHTLY_SIZES}
    rows = [
        [
            "nightly sweep",
            f"{size:,} enrolments: seconds (enrolments/s)",
            f"{m['seconds']:.1f} s ({m['per_second']:.0f}/s)",
            f"{m['floor_seconds']:.1f} s ({m['floor_rows']:,} rows)",
            f"{ratio(m['seconds'], m['floor_seconds']):.0f}x slower",
        ]
        for size, m in by_size.items()
    ]
    rows += [
        [
            "nightly sweep",
            f"{size:,} enrolments, second night (proposals pending): seconds (enrolments/s)",
            f"{n['seconds']:.1f} s ({n['per_second']:.0f}/s)",
            f"{m['floor_seconds']:.1f} s ({m['floor_rows']:,} rows)",
            f"{ratio(n['seconds'], m['floor_seconds']):.0f}x slower",
        ]
        for size, m in by_size.items()
        for n in [m["second_night"]]
    ]
    sizes = sorted(by_size)
    growth = None
    if len(sizes) >= 2:
        small, large = by_size[sizes[0]], by_size[sizes[-1]]
        growth = growth_factor((sizes[0], small["seconds"]), (sizes[-1], large["seconds"]))
        rows.append(
            [
                "nightly sweep",
                f"time growth {sizes[0]:,} -> {sizes[-1]:,} (1.00 = linear)",
                f"{growth:.2f}",
                "",
                "",
            ]
        )
    return {
        "setup": {
            "log_days": settings.NIGHTLY_LOG_DAYS,
            "chunk": NIGHTLY_CHUNK,
            "workers": 1,
            "concurrency": settings.NIGHTLY_WORKER_CONCURRENCY,
        },
        "sizes": by_size,
        "growth": growth,
        "rows": rows,
    }
