"""The clinic's logs in a date range as CSV, one file per log kind, written into a zip.

On PostgreSQL the database writes each CSV: `COPY (SELECT ...) TO STDOUT WITH CSV` over
the same queryset, every cell formatted in SQL as cell() formats it in Python, streamed
in chunks into the zip entry (about 10 times faster than building rows in Python).
Elsewhere (the SQLite default) rows are read with `.iterator(chunk_size=...)` and written
by the csv module. Either way memory stays flat however many rows there are, and the
bytes are the same (tests/exports/test_copy_csv.py).
"""

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, Func, Max, Min, QuerySet, TextField

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
    LogKind(
        "checkins",
        CheckIn,
        COMMON_HEAD
        + (
            ("date", "date"),
            ("pain_rest", "pain_rest"),
            ("pain_morning", "pain_morning"),
            ("sitting_minutes", "sitting_minutes"),
            ("load_test_pain", "load_test_pain"),
            ("red_flags", "red_flags"),
            ("note", "note"),
        )
        + COMMON_TAIL,
        frozenset({"patient_name", "note"}),
    ),
    LogKind(
        "sessions",
        ExerciseSession,
        COMMON_HEAD
        + (
            ("enrolment_id", "enrolment_id"),
            ("protocol", "enrolment__protocol__slug"),
            ("date", "date"),
            ("pain_during", "pain_during"),
            ("pain_after", "pain_after"),
            ("rpe", "rpe"),
            ("exercises", "exercises"),
            ("note", "note"),
        )
        + COMMON_TAIL,
        frozenset({"patient_name", "note"}),
    ),
    LogKind(
        "runs",
        Run,
        COMMON_HEAD
        + (
            ("enrolment_id", "enrolment_id"),
            ("date", "date"),
            ("level", "level"),
            ("run_min", "run_min"),
            ("walk_min", "walk_min"),
            ("pain_during", "pain_during"),
            ("pain_after", "pain_after"),
            ("limp", "limp"),
            ("note", "note"),
        )
        + COMMON_TAIL,
        frozenset({"patient_name", "note"}),
    ),
    LogKind(
        "measurements",
        Measurement,
        COMMON_HEAD
        + (
            ("date", "date"),
            ("key", "key"),
            ("value", "value"),
            ("side", "side"),
            ("method", "method"),
            ("recorded_by", "recorded_by__name"),
        )
        + COMMON_TAIL,
        frozenset({"patient_name", "recorded_by"}),
    ),
    LogKind(
        "treatments",
        Treatment,
        COMMON_HEAD
        + (
            ("date", "date"),
            ("kind", "kind"),
            ("side", "side"),
            ("note", "note"),
            ("recorded_by", "recorded_by__name"),
        )
        + COMMON_TAIL,
        frozenset({"patient_name", "note", "recorded_by"}),
    ),
)


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


def write_csv(kind: LogKind, records: QuerySet, out, *, on_row=lambda n: None) -> int:
    """Write one kind's CSV (header and rows, UTF-8) to the binary stream `out`; returns
    the number of rows. `on_row(n)` is told each time n more rows have been written."""
    if connections[records.db].vendor == "postgresql":
        return copy_csv(kind, records, out, on_row=on_row)
    return python_csv(kind, records, out, on_row=on_row)


def python_csv(kind: LogKind, records: QuerySet, out, *, on_row=lambda n: None) -> int:
    stream = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(stream)
    writer.writerow(headers(kind))
    total = 0
    for row in rows(kind, records):
        writer.writerow(row)
        total += 1
        on_row(1)
    stream.detach()  # flushes, and leaves `out` open for its owner to close
    return total


def write_logs_zip(
    path, querysets: dict[str, QuerySet], *, on_row: Callable[[int], None] = lambda n: None
) -> int:
    """Write `<kind>.csv` for every log kind into a zip at `path`; returns the row count."""
    total = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind in KINDS:
            with archive.open(f"{kind.name}.csv", "w", force_zip64=True) as entry:
                total += write_csv(kind, querysets[kind.name], entry, on_row=on_row)
    return total


# PostgreSQL: the same cells, formatted by the database.
#
# Each template turns one column into the text cell() gives it, or into NULL where cell()
# gives "" (COPY writes NULL as an empty field but would quote an empty string). COPY's
# CSV quoting is Python's csv.QUOTE_MINIMAL: a field holding a comma, a quote, CR or LF
# is quoted, quotes doubled. Only the row terminator differs (COPY writes LF, csv.writer
# CRLF); copy_csv() puts CRLF back.

# datetime.isoformat() of the UTC datetimes Django reads: `2026-11-23T11:38:00.123456+00:00`,
# without the fraction when it is zero.
SQL_DATETIME = (
    "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
    "CASE WHEN to_char(%(expressions)s, 'US') = '000000' THEN '' "
    "ELSE '.' || to_char(%(expressions)s, 'US') END || '+00:00'"
)
SQL_DATE = "to_char(%(expressions)s, 'YYYY-MM-DD')"
SQL_BOOLEAN = "CASE WHEN %(expressions)s THEN '1' ELSE '0' END"
# json.dumps(value, separators=(",", ":")): jsonb's text without the space after each `,`
# and `:` outside strings (a string is matched whole, so the spaces inside it stay). Keys
# come in jsonb's order, which is the order Django reads them in. Not covered: non-ASCII
# text inside JSON, which json.dumps escapes; the JSON columns hold keys the API checks
# and numbers.
SQL_COMPACT_JSON = (
    r"""regexp_replace(%(expressions)s::text, '("(?:[^"\\]|\\.)*")|([,:]) ', '\1\2', 'g')"""
)
SQL_JSON = (
    "CASE jsonb_typeof(%(expressions)s) "
    "WHEN 'null' THEN NULL "
    "WHEN 'string' THEN NULLIF(%(expressions)s #>> '{}', '') "
    "WHEN 'boolean' THEN CASE WHEN %(expressions)s = 'true' THEN '1' ELSE '0' END "
    "WHEN 'number' THEN %(expressions)s::text "
    # a list of strings is `a;b` (the usual red_flags: none, so test that first)
    "WHEN 'array' THEN CASE WHEN %(expressions)s = '[]' THEN NULL "
    """WHEN jsonb_path_exists(%(expressions)s, '$[*] ? (@.type() != "string")') """
    "THEN " + SQL_COMPACT_JSON + " "
    "ELSE NULLIF(array_to_string("
    "ARRAY(SELECT jsonb_array_elements_text(%(expressions)s)), ';'), '') END "
    "ELSE " + SQL_COMPACT_JSON + " END"
)
SQL_TEXT = "NULLIF(%(expressions)s::text, '')"
# Free text: a leading =, +, -, @, tab or CR gets a quote in front (FORMULA_START).
SQL_DEFUSED = (
    "CASE WHEN left(%(expressions)s, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) "
    "THEN '''' || %(expressions)s ELSE NULLIF(%(expressions)s, '') END"
)
SQL_BY_TYPE = {
    "DateTimeField": SQL_DATETIME,
    "DateField": SQL_DATE,
    "BooleanField": SQL_BOOLEAN,
    "JSONField": SQL_JSON,
}


def field_of(model, lookup: str):
    *relations, name = lookup.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def sql_cell(kind: LogKind, header: str, lookup: str) -> Func:
    if header in kind.text:
        template = SQL_DEFUSED
    else:
        template = SQL_BY_TYPE.get(field_of(kind.model, lookup).get_internal_type(), SQL_TEXT)
    return Func(F(lookup), template=template, output_field=TextField())


def copy_sql(kind: LogKind, records: QuerySet) -> tuple[str, tuple]:
    """The COPY statement and its parameters for one kind: the queryset rows() reads, in
    the same order, each column formatted by sql_cell()."""
    cells = {
        f"cell_{n}": sql_cell(kind, header, lookup)
        for n, (header, lookup) in enumerate(kind.columns)
    }
    ordered = records.order_by("date", "created_at", "id").annotate(**cells).values_list(*cells)
    select, params = ordered.query.sql_with_params()
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv)", params


COPY_BUFFER = 256 * 1024  # bytes gathered before each write into the zip entry
COPY_DAYS = 30  # one COPY per this many days of records, with progress after each


def copy_csv(kind: LogKind, records: QuerySet, out, *, on_row=lambda n: None) -> int:
    """The rows come in one COPY per slice of COPY_DAYS days: rows are ordered by date
    first, so the slices follow one another, and between two of them the job can write
    its progress (the connection is busy while a COPY runs)."""
    header = io.StringIO()
    csv.writer(header).writerow(headers(kind))
    out.write(header.getvalue().encode("utf-8"))
    bounds = records.aggregate(first=Min("date"), last=Max("date"))
    total, start = 0, bounds["first"]
    while start is not None and start <= bounds["last"]:
        end = start + dt.timedelta(days=COPY_DAYS - 1)
        rows = copy_rows(kind, records.filter(date__range=(start, end)), out)
        total += rows
        on_row(rows)
        start = end + dt.timedelta(days=1)
    return total


def copy_rows(kind: LogKind, records: QuerySet, out) -> int:
    """Stream the records' rows (no header) into `out`; returns how many there were."""
    statement, params = copy_sql(kind, records)
    total, pending, size = 0, [], 0
    with connections[records.db].cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        # PostgreSQL sends each row of COPY TO in a message of its own, so each message
        # ends with that row's LF (a newline inside a quoted field is never last), which
        # becomes csv.writer's CRLF.
        for row in copy:
            pending.append(row[:-1])
            size += len(row)
            if size >= COPY_BUFFER:
                out.write(b"\r\n".join(pending) + b"\r\n")
                total += len(pending)
                pending, size = [], 0
    if pending:
        out.write(b"\r\n".join(pending) + b"\r\n")
        total += len(pending)
    return total
