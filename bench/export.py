"""Export: the clinic-wide logs CSV job (exports/) over 1,000,000 check-ins, against
PostgreSQL's COPY ... TO STDOUT of the same rows. Each runs in its own process
(bench/export_child.py), which reports its time and peak memory."""

import datetime as dt
import json
import subprocess
import sys

from bench import data, settings, stack
from bench.stats import megabytes, per_second, ratio
from exports.models import ExportJob

DAYS_PER_PATIENT = 500


def build(rows: int) -> ExportJob:
    clinic, physio, _token = data.clinic_with_physio("Export clinic")
    patients = max(1, rows // DAYS_PER_PATIENT)
    days = rows // patients
    first = data.today() - dt.timedelta(days=days - 1)
    enrolments = data.bulk_enrolled_patients(clinic, physio, patients, started=first)
    data.copy_rows(
        "rehab_checkin",
        data.CHECKIN_COLUMNS,
        data.daily_checkins([e.patient_id for e in enrolments], days, last_day=data.today()),
    )
    return ExportJob.objects.create(
        kind=ExportJob.Kind.LOGS_CSV,
        clinic=clinic,
        created_by=physio,
        date_from=first,
        date_to=data.today(),
    )


def child(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.export_child", *args],
        cwd=stack.ROOT,
        env=stack.server_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def memory(measured: dict) -> str:
    peak, growth = measured["peak_rss"], measured["peak_rss"] - measured["start_rss"]
    return f"{megabytes(peak):.0f} (+{megabytes(growth):.0f})"


def run() -> dict:
    stack.fresh_state()
    job = build(settings.EXPORT_ROWS)
    ours = child("job", str(job.pk))
    floor = child("copy", str(job.clinic_id), job.date_from.isoformat(), job.date_to.isoformat())
    for measured in (ours, floor):
        measured["rows_per_second"] = per_second(measured["rows"], measured["seconds"])
    rows = [
        [
            "export",
            f"{ours['rows']:,} rows: rows/s",
            f"{ours['rows_per_second']:,.0f}",
            f"{floor['rows_per_second']:,.0f} (COPY)",
            f"{ratio(ours['rows_per_second'], floor['rows_per_second']):.2f}",
        ],
        [
            "export",
            "peak memory (RSS) MB (+ growth during export)",
            memory(ours),
            memory(floor),
            "",
        ],
    ]
    return {"job": ours, "copy": floor, "rows": rows}
