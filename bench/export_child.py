"""One export in its own process, so its peak memory is its own. Prints one JSON line:
rows, seconds, start_rss and peak_rss (bytes), file_bytes.

    python -m bench.export_child job <export job id>      the project's CSV export job
    python -m bench.export_child copy <clinic> <from> <to>  COPY ... TO STDOUT, same rows
"""

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import psycopg

COPY_SQL = """
    COPY (
        SELECT c.id, c.patient_id, u.name, c.date, c.pain_rest, c.pain_morning,
               c.sitting_minutes, c.load_test_pain, c.red_flags, c.note, c.created_at,
               c.updated_at
          FROM rehab_checkin c
          JOIN patients_patient p ON p.id = c.patient_id
          JOIN patients_user u ON u.id = p.user_id
         WHERE p.clinic_id = {clinic} AND c.date BETWEEN '{start}' AND '{end}'
           AND c.deleted_at IS NULL
         ORDER BY c.date, c.created_at, c.id
    ) TO STDOUT WITH (FORMAT csv, HEADER)
"""


def _status_kb(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith(field)))


def rss_now() -> int:
    return _status_kb("VmRSS:") * 1024


def peak_rss() -> int:
    # VmHWM, not getrusage's ru_maxrss: on Linux that keeps the parent's peak across exec.
    return _status_kb("VmHWM:") * 1024


def export_job(job_id: int) -> dict:
    import django

    django.setup()
    from django.conf import settings

    from exports import jobs
    from exports.models import ExportJob

    start_rss = rss_now()
    started = time.perf_counter()
    status = jobs.run_job(job_id=job_id)
    seconds = time.perf_counter() - started
    job = ExportJob.objects.get(pk=job_id)
    assert status == ExportJob.Status.DONE, job.error
    size = (Path(settings.EXPORT_ROOT) / job.file).stat().st_size
    return {
        "rows": job.rows,
        "seconds": seconds,
        "start_rss": start_rss,
        "peak_rss": peak_rss(),
        "file_bytes": size,
        "format": "zip of CSVs",
    }


def copy_out(clinic: int, start: str, end: str) -> dict:
    target = Path(os.environ["MEDIA_ROOT"]) / "copy.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    start_rss = rss_now()
    started = time.perf_counter()
    newlines = 0
    sql = COPY_SQL.format(
        clinic=int(clinic), start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end)
    )
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn, conn.cursor() as cursor:
        with cursor.copy(sql) as copy, open(target, "wb") as out:
            for chunk in copy:
                out.write(chunk)
                newlines += bytes(chunk).count(b"\n")
    seconds = time.perf_counter() - started
    return {
        "rows": newlines - 1,
        "seconds": seconds,
        "start_rss": start_rss,
        "peak_rss": peak_rss(),
        "file_bytes": target.stat().st_size,
        "format": "plain CSV",
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    what, *args = sys.argv[1:]
    result = export_job(int(args[0])) if what == "job" else copy_out(*args)
    print(json.dumps(result))
