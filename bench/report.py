"""The results table (Markdown, readable in a terminal too) and the results file."""

import datetime as dt
import json
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
HEADER = ["benchmark", "measure", "ours", "reference", "ratio"]


def table(rows: list[list[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [HEADER, *rows]) for i in range(len(HEADER))]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(HEADER), rule, *(line(row) for row in rows)])


def machine_line(machine: dict) -> str:
    return (
        f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB RAM; "
        f"Python {machine['python']}, Django {machine['django']}, "
        f"PostgreSQL {machine['postgresql']}, {machine['wrk']}"
    )


def write_results(results: dict, started: dt.datetime) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{started:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return path
