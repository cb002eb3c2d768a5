"""The clinic's logs in a date range as CSV, one file per log kind, written into a zip.

Rows are read with `.iterator(chunk_size=...)` (a server-side cursor on PostgreSQL) and
written straight into the zip entry, so memory stays flat however many rows there are.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from rehab.models import CheckIn, ExerciseSession, Measurement, Run, Treatment

CHUNK = 2000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class LogKind:
    name: str  # the CSV file is <name>.csv
    model: type
    columns: tuple[tuple[str, str], ...]  # (CSV header, ORM lookup)
    text: frozenset[str] = frozenset()  # free text: guarded against spreadsheet formulas


COMMON_HEAD = (("id", "id"), ("patient_id", "patient_id"), ("patient_name", "patient__user__name"))
COMMON_TAIL = (("created_at", "created_at"), ("updated_at", "updated_at"))
KINDS = (
    LogKind("checkins", CheckIn, COMMON_HEAD + (
        ("date", "date"), ("pain_rest", "pain_rest"), ("pain_morning", "pain_morning"),
        ("sitting_minutes", "sitting_minutes"), ("load_test_pain", "load_test_pain"),
        ("red_flags", "red_flags"), ("note", "note"),
    ) + COMMON_TAIL, frozenset({"patient_name", "note"})),
    LogKind("sessions", ExerciseSession, COMMON_HEAD + (
        ("enrolment_id", "enrolment_id"), ("protocol", "enrolment__protocol__slug"),
        ("date", "date"), ("pain_during", "pain_during"), ("pain_after", "pain_after"),
        ("rpe", "rpe"), ("exercises", "exercises"), ("note", "note"),
    ) + COMMON_TAIL, frozenset({"patient_name", "note"})),
    LogKind("runs", Run, COMMON_HEAD + (
        ("enrolment_id", "enrolment_id"), ("date", "date"), ("level", "level"),
        ("run_min", "run_min"), ("walk_min", "walk_min"), ("pain_during", "pain_during"),
        ("pain_after", "pain_after"), ("limp", "limp"), ("note", "note"),
    ) + COMMON_TAIL, frozenset({"patient_name", "note"})),
    LogKind("measurements", Measurement, COMMON_HEAD + (
        ("date", "date"), ("key", "key"), ("value", "value"), ("side", "side"),
        ("method", "method"), ("recorded_by", "recorded_by__name"),
    ) + COMMON_TAIL, frozenset({"patient_name", "recorded_by"})),
    LogKind("treatments", Treatment, COMMON_HEAD + (
        ("date", "date"), ("kind", "kind"), ("side", "side"), ("note", "note"),
        ("recorded_by", "recorded_by__name"),
    ) + COMMON_TAIL, frozenset({"patient_name", "note", "recorded_by"})),
)  # fmt: skip


def headers(kind: LogKind) -> list[str]:
    return [header for header, _ in kind.columns]


def cell(value, *, text: bool = False) -> str:
    """One CSV cell: lists as `a;b`, JSON as JSON, booleans as 1/0, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ";".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    value = str(value)
    if text and value.startswith(FORMULA_START):
        return "'" + value  # a spreadsheet must not run a patient's note as a formula
    return value


def rows(kind: LogKind, records: QuerySet):
    """Each record as a list of CSV cells, read from the database in chunks."""
    lookups = [lookup for _, lookup in kind.columns]
    is_text = [header in kind.text for header, _ in kind.columns]
    ordered = records.order_by("date", "created_at", "id").values_list(*lookups)
    for record in ordered.iterator(chunk_size=CHUNK):
        yield [cell(v, text=t) for v, t in zip(record, is_text, strict=True)]


def write_logs_zip(
    path, querysets: dict[str, QuerySet], *, on_row: Callable[[], None] = lambda: None
) -> int:
    """Write `<kind>.csv` for every log kind into a zip at `path`; returns the row count."""
    total = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind in KINDS:
            entry = archive.open(f"{kind.name}.csv", "w", force_zip64=True)
            with io.TextIOWrapper(entry, encoding="utf-8", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow(headers(kind))
                for row in rows(kind, querysets[kind.name]):
                    writer.writerow(row)
                    total += 1
                    on_row()
    return total
