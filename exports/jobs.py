"""Export services: record every export, start clinic-wide jobs, run them, expire files.

A job is queued on commit with its id only; the worker claims it, reports progress as
it goes, writes the file under EXPORT_ROOT (to a temporary name first, so a half-written
file is never offered) and marks it done or failed. Files expire after
EXPORT_EXPIRY_HOURS and are purged hourly (the beat schedule); the job and its audit
record stay.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from config.errors import Conflict, Gone
from config.queueing import queue
from exports.builders import BUILDERS
from exports.files import ExportRefused, Progress, export_path
from exports.models import ExportJob, ExportRecord
from patients import access

log = logging.getLogger(__name__)


class ExportNotReady(Conflict):
    """The job has not finished, or failed: no file to hand out (409)."""


class ExportExpired(Gone):
    """The file was there and has been deleted (410)."""


def expiry_hours() -> int:
    return settings.EXPORT_EXPIRY_HOURS


def record_export(
    *, user, kind: str, clinic_id: int, patient=None, job=None, date_from=None, date_to=None
) -> ExportRecord:
    return ExportRecord.objects.create(
        user=user,
        user_email=user.email,
        clinic_id=clinic_id,
        kind=kind,
        patient=patient,
        clinic_wide=patient is None,
        job=job,
        date_from=date_from,
        date_to=date_to,
    )


@transaction.atomic
def start_job(*, user, kind: str, date_from: dt.date, date_to: dt.date) -> ExportJob:
    """Create the job and its audit record; the job is queued once this commits."""
    job = ExportJob.objects.create(
        kind=kind, clinic_id=user.clinic_id, created_by=user, date_from=date_from, date_to=date_to
    )
    record_export(
        user=user,
        kind=kind,
        clinic_id=user.clinic_id,
        job=job,
        date_from=date_from,
        date_to=date_to,
    )
    transaction.on_commit(lambda: queue_job(job.pk))
    return job


def queue_job(job_id: int) -> None:
    if not queue("exports.tasks.run_export", job_id):
        fail(job_id, "The export could not be queued (the job queue is down). Try again soon.")


def run_job(*, job_id: int) -> str:
    """Run a queued job (or one whose worker was lost); returns its final status."""
    claimed = ExportJob.objects.filter(
        pk=job_id, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    ).update(status=ExportJob.Status.RUNNING, started_at=timezone.now(), progress=0)
    if not claimed:
        return ExportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
    job = ExportJob.objects.select_related("created_by", "clinic").get(pk=job_id)
    try:
        creator = job.created_by
        if not (access.is_clinic_staff(creator) and creator.clinic_id == job.clinic_id):
            raise ExportRefused("The person who asked for this export is no longer clinic staff.")
        relative, rows = BUILDERS[job.kind](job, Progress(job.pk))
    except ExportRefused as refused:
        fail(job.pk, str(refused))
        return ExportJob.Status.FAILED
    except Exception:
        log.exception("Export %s failed.", job.pk)
        fail(job.pk, "The export failed unexpectedly; the team has been told. Try again.")
        return ExportJob.Status.FAILED
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        progress=100,
        file=relative,
        file_name=download_name(job),
        rows=rows,
        finished_at=now,
        expires_at=now + dt.timedelta(hours=expiry_hours()),
    )
    purge_expired()
    return ExportJob.Status.DONE


def fail(job_id: int, message: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )


def download_name(job: ExportJob) -> str:
    what = "logs" if job.kind == ExportJob.Kind.LOGS_CSV else "outcome-report"
    return f"{slugify(job.clinic.name)}-{what}-{job.date_from}-to-{job.date_to}.zip"


def open_download(job: ExportJob):
    """The job's file, open for reading; ExportNotReady or ExportExpired when there is none."""
    if job.status == ExportJob.Status.FAILED:
        raise ExportNotReady(f"This export failed: {job.error}")
    if job.status != ExportJob.Status.DONE:
        raise ExportNotReady(f"This export is not ready yet ({job.status}, {job.progress}%).")
    if job.expired or not job.file:
        raise ExportExpired(
            f"This export expired on {job.expires_at:%Y-%m-%d %H:%M} UTC: files are kept for "
            f"{expiry_hours()} hours. Start a new export to get the data again."
        )
    try:
        return export_path(job.file).open("rb")
    except FileNotFoundError:
        raise ExportExpired("This export's file is no longer available; start a new one.")


def purge_expired() -> int:
    """Delete expired files (the jobs and their audit records stay)."""
    expired = ExportJob.objects.filter(expires_at__lte=timezone.now()).exclude(file="")
    count = 0
    for job_id, relative in expired.values_list("id", "file"):
        export_path(relative).unlink(missing_ok=True)
        count += ExportJob.objects.filter(pk=job_id, file=relative).update(file="")
    return count
