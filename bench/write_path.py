"""Write path: POST /api/v1/checkins/ against the bare one-insert view, through gunicorn
(2 sync workers) and wrk (16 connections), A/B alternated in one run."""

import datetime as dt
import statistics

from bench import data, settings, stack, wrk
from bench.stats import ratio

PATIENTS = 200
DAYS = 1500  # dates per patient: PATIENTS * DAYS check-ins can be made without a clash
WARM_UP_SECONDS = 5


def traffic_for(base_url: str, patients: int, days: int, name: str) -> wrk.Traffic:
    """A clinic of enrolled patients (through the services) and the wrk set-up to drive it."""
    last_day = data.today() - dt.timedelta(days=1)
    _clinic, _physio, physio_token = data.clinic_with_physio(name)
    people = data.enrolled_patients(
        _physio, patients, started=last_day - dt.timedelta(days=days - 1)
    )
    tokens_file = stack.WORK_DIR / f"tokens-{name.replace(' ', '-')}.txt"
    tokens_file.write_text("".join(f"{token}\n" for _, token in people))
    return wrk.Traffic(base_url, tokens_file, physio_token, patients, days, last_day)


def summarise(rounds: list[dict]) -> dict:
    return {
        "requests_per_second": statistics.mean(wrk.requests_per_second(r) for r in rounds),
        "p50_ms": statistics.median(r["p50_us"] for r in rounds) / 1000,
        "p99_ms": statistics.median(r["p99_us"] for r in rounds) / 1000,
        "requests": sum(r["requests"] for r in rounds),
        "errors": sum(wrk.errors(r) for r in rounds),
        "rounds": rounds,
    }


def run() -> dict:
    stack.fresh_state()
    with stack.gunicorn(workers=2) as (base_url, _master):
        traffic = traffic_for(base_url, PATIENTS, DAYS, "Write path clinic")
        for mode in ("baseline", "checkin"):
            wrk.run(traffic, mode, WARM_UP_SECONDS)
        arms = {"checkin": [], "baseline": []}
        for n in range(settings.WRITE_ROUNDS):
            order = ("checkin", "baseline") if n % 2 == 0 else ("baseline", "checkin")
            for mode in order:
                arms[mode].append(wrk.run(traffic, mode, settings.WRITE_SECONDS))
    checkin, baseline = summarise(arms["checkin"]), summarise(arms["baseline"])
    throughput = ratio(checkin["requests_per_second"], baseline["requests_per_second"])
    rows = [
        [
            "write path",
            "check-in POST, requests/s",
            f"{checkin['requests_per_second']:.0f}",
            f"{baseline['requests_per_second']:.0f}",
            f"{throughput:.2f}",
        ],
        [
            "write path",
            "check-in POST, p50 / p99 ms",
            f"{checkin['p50_ms']:.1f} / {checkin['p99_ms']:.1f}",
            f"{baseline['p50_ms']:.1f} / {baseline['p99_ms']:.1f}",
            "",
        ],
        [
            "write path",
            "errors (non-2xx, socket)",
            str(checkin["errors"]),
            str(baseline["errors"]),
            "",
        ],
    ]
    return {
        "setup": {
            "gunicorn_workers": 2,
            "connections": wrk.CONNECTIONS,
            "threads": wrk.THREADS,
            "seconds_per_round": settings.WRITE_SECONDS,
            "rounds": settings.WRITE_ROUNDS,
            "patients": PATIENTS,
            "reference": "bare one-insert view (BENCH_BASELINE)",
        },
        "checkin": checkin,
        "baseline": baseline,
        "ratio": throughput,
        "rows": rows,
    }
