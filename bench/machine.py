"""The machine and software a run measured, for the results file and docs/performance.md."""

import os
import platform
import subprocess
from pathlib import Path

import django
import psycopg


def _cpuinfo_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / (1024 * 1024)
    return 0.0


def _command_output(*command: str) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except OSError:
        return "unknown"
    return (result.stdout or result.stderr).strip().splitlines()[0]


def describe(database_url: str | None) -> dict:
    """Without a database URL (only benchmarks that need no PostgreSQL ran) it names none."""
    postgres = "not used"
    if database_url:
        with psycopg.connect(database_url) as conn:
            postgres = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "cpu": _cpuinfo_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(_memory_gb(), 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "redis": _command_output("redis-server", "--version"),
        "wrk": _command_output("wrk", "--version"),
        "commit": _command_output("git", "rev-parse", "--short", "HEAD"),
    }
