"""Soak: mixed traffic (check-ins, today/, caseload) for BENCH_SOAK_SECONDS through
gunicorn (2 workers) with a Celery worker taking the evaluations the check-ins queue;
errors and the growth of the gunicorn workers' resident memory."""

import time

from bench import settings, stack, wrk
from bench.stats import megabytes
from bench.write_path import traffic_for

PATIENTS = 200
DAYS = 1500
SAMPLE_EVERY_SECONDS = 10
WARM_UP_SECONDS = 15


def run() -> dict:
    stack.fresh_state()
    samples = []  # (seconds since start, [RSS of each gunicorn worker])

    with stack.gunicorn(workers=2) as (base_url, master), stack.celery_worker(concurrency=1):
        traffic = traffic_for(base_url, PATIENTS, DAYS, "Soak clinic")
        wrk.run(traffic, "mixed", WARM_UP_SECONDS)

        def sample_while_running(process):
            started = time.monotonic()
            while process.poll() is None:
                samples.append((time.monotonic() - started, stack.children_rss_bytes(master.pid)))
                time.sleep(SAMPLE_EVERY_SECONDS)
            samples.append((time.monotonic() - started, stack.children_rss_bytes(master.pid)))

        summary = wrk.run(traffic, "mixed", settings.SOAK_SECONDS, popen_hook=sample_while_running)

    first, last = sum(samples[0][1]), sum(samples[-1][1])
    peak = max(sum(sizes) for _, sizes in samples)
    errors = wrk.errors(summary)
    rows = [
        [
            "soak",
            f"{settings.SOAK_SECONDS} s mixed: requests (/s), errors",
            f"{summary['requests']:,} ({wrk.requests_per_second(summary):.0f}/s), {errors} errors",
            "",
            "",
        ],
        [
            "soak",
            "gunicorn workers' RSS MB: start -> end (peak)",
            f"{megabytes(first):.0f} -> {megabytes(last):.0f} ({megabytes(peak):.0f})",
            "",
            f"+{megabytes(last - first):.1f} MB",
        ],
    ]
    return {
        "setup": {
            "seconds": settings.SOAK_SECONDS,
            "mix": "5 check-ins : 3 today/ : 2 caseload",
            "patients": PATIENTS,
            "gunicorn_workers": 2,
            "celery_concurrency": 1,
        },
        "summary": summary,
        "errors": errors,
        "rss_samples": samples,
        "rss_growth_bytes": last - first,
        "rows": rows,
    }
