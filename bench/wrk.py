"""Drive gunicorn with wrk (bench/lua/traffic.lua) and read its JSON summary."""

import datetime as dt
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "lua" / "traffic.lua"
THREADS = 2  # one per core: wrk shares the machine with the server
CONNECTIONS = 16


@dataclass
class Traffic:
    """What every wrk run of one benchmark shares, and the next unused check-in slot."""

    base_url: str
    tokens_file: Path
    physio_token: str
    patients: int
    days: int  # dates available per patient, ending at `last_day`
    last_day: dt.date
    run_number: int = 1
    next_slot: int = 0

    @property
    def slots_left(self) -> int:
        return self.patients * self.days - self.next_slot


def run(traffic: Traffic, mode: str, seconds: float, popen_hook=None) -> dict:
    """Run wrk for `seconds` in `mode`; returns its summary (see traffic.lua's done()).

    `popen_hook(process)`, if given, is called while wrk runs (the soak samples memory).
    """
    last_day = dt.datetime.combine(traffic.last_day, dt.time(), tzinfo=dt.UTC).timestamp()
    command = [
        "wrk",
        "--threads",
        str(THREADS),
        "--connections",
        str(CONNECTIONS),
        "--duration",
        f"{int(seconds)}s",
        "--timeout",
        "30s",
        "--script",
        str(SCRIPT),
        traffic.base_url,
        "--",
        mode,
        str(traffic.tokens_file),
        traffic.physio_token,
        str(traffic.next_slot),
        str(int(last_day)),
        str(THREADS),
        str(traffic.run_number),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    if popen_hook:
        popen_hook(process)
    output, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed:\n{output}")
    line = next(x for x in output.splitlines() if x.startswith("BENCH_RESULT "))
    summary = json.loads(line.removeprefix("BENCH_RESULT "))
    traffic.next_slot += (summary["checkins_per_thread_max"] + 1) * THREADS
    if traffic.slots_left < 0:
        raise RuntimeError("the run used more (patient, date) slots than the data has")
    return summary


def requests_per_second(summary: dict) -> float:
    return summary["requests"] / (summary["duration_us"] / 1e6)


def errors(summary: dict) -> int:
    """Responses other than 2xx, plus socket errors and timeouts."""
    failed = sum(n for code, n in summary["statuses"].items() if not code.startswith("2"))
    return failed + summary["socket_errors"] + summary["timeouts"]
