"""Run the benchmarks against the services of scripts/with-services.sh:

    make bench                                   every benchmark, default sizes
    make bench BENCH="caseload export"           some of them
    scripts/with-services.sh .venv/bin/python -m bench nightly

Benchmarks: write, caseload, nightly, export, soak, lighthouse. Sizes come from BENCH_*
variables (bench/settings.py). Results go to bench/results/<timestamp>.json and a table is
printed. lighthouse serves its own SQLite demo database and needs neither PostgreSQL nor
Redis: `.venv/bin/python -m bench lighthouse` runs it without scripts/with-services.sh too.
"""

import datetime as dt
import importlib
import os
import sys
import time
import warnings

BENCHMARKS = ["write", "caseload", "nightly", "export", "soak", "lighthouse"]
WITHOUT_SERVICES = {"lighthouse"}


def main(names: list[str]) -> int:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"Unknown benchmark {unknown}; choose from {', '.join(BENCHMARKS)}.", file=sys.stderr)
        return 2
    names = names or BENCHMARKS
    with_services = any(name not in WITHOUT_SERVICES for name in names)
    if with_services and (
        not os.environ.get("DATABASE_URL", "").startswith("postgres")
        or not os.environ.get("REDIS_URL")
    ):
        print("Run through scripts/with-services.sh (needs PostgreSQL and Redis).", file=sys.stderr)
        return 2

    from bench import machine, report, stack

    database = None
    if with_services:
        os.environ.update(stack.server_environment())
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        stack.prepare_template()
        import django

        django.setup()
        warnings.filterwarnings("ignore", "No directory at")  # no collectstatic: the API needs none
        database = stack.database_url(stack.BENCH_DB)

    # Import only the benchmarks asked for: one that does not import (work in progress
    # elsewhere in the tree) must not stop the others.
    modules = {
        "write": "write_path",
        "caseload": "caseload",
        "nightly": "nightly",
        "export": "export",
        "soak": "soak",
        "lighthouse": "lighthouse",
    }
    started = dt.datetime.now(dt.UTC)
    results = {
        "started_at": started.isoformat(),
        "machine": machine.describe(database),
        "environment": {k: v for k, v in os.environ.items() if k.startswith("BENCH_")},
        "benchmarks": {},
    }
    rows = []
    for name in names:
        print(f"--- {name}", flush=True)
        began, load_before = time.perf_counter(), os.getloadavg()
        outcome = importlib.import_module(f"bench.{modules[name]}").run()
        outcome["wall_seconds"] = time.perf_counter() - began
        # Other work on the machine skews every number: record how busy it was.
        outcome["load_average_before"], outcome["load_average_after"] = load_before, os.getloadavg()
        results["benchmarks"][name] = outcome
        rows += outcome["rows"]
        print(report.table(outcome["rows"]), flush=True)
        path = report.write_results(results, started)  # saved after each, in case one fails
    print(f"\nMachine: {report.machine_line(results['machine'])}")
    print(report.table(rows))
    print(f"\nResults: {path.relative_to(stack.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
