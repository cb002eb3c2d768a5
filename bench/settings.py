"""What the benchmarks run, from the environment; the defaults are the sizes the
benchmarks are specified with (docs/performance.md)."""

import os


def _ints(name: str, default: str) -> list[int]:
    return [int(x) for x in os.environ.get(name, default).replace("_", "").split(",") if x]


WRITE_SECONDS = int(os.environ.get("BENCH_WRITE_SECONDS", "20"))  # per round and arm
WRITE_ROUNDS = int(os.environ.get("BENCH_WRITE_ROUNDS", "3"))  # A/B pairs, order alternated
CASELOAD_SIZES = _ints("BENCH_CASELOAD_SIZES", "10,100,1000")
CASELOAD_REPEATS = int(os.environ.get("BENCH_CASELOAD_REPEATS", "15"))
NIGHTLY_SIZES = _ints("BENCH_NIGHTLY_SIZES", "10000,20000")
NIGHTLY_LOG_DAYS = 60
NIGHTLY_WORKER_CONCURRENCY = int(os.environ.get("BENCH_NIGHTLY_CONCURRENCY", "2"))
EXPORT_ROWS = int(os.environ.get("BENCH_EXPORT_ROWS", "1000000"))
SOAK_SECONDS = int(os.environ.get("BENCH_SOAK_SECONDS", "600"))
LIGHTHOUSE_RUNS = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))  # per screen
