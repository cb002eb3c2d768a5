"""Export jobs in the background: the job id only; exports.jobs does the work."""

from celery import shared_task

from exports import jobs


@shared_task(acks_late=True)
def run_export(job_id: int) -> str:
    """Build a clinic-wide export; it marks itself done or failed (no blind retries)."""
    return jobs.run_job(job_id=job_id)


@shared_task
def purge_expired_exports() -> int:
    """Delete expired export files (also done after every export)."""
    return jobs.purge_expired()
