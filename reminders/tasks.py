"""Reminder jobs: thin wrappers around reminders.services."""

import datetime as dt

from celery import shared_task

from rehab.tasks import RETRY
from reminders import services


@shared_task(**RETRY)
def send_due_reminders() -> int:
    """Beat, every few minutes: queue one task per reminder that is due and not yet sent."""
    due = services.find_due()
    for patient_id, kind, local_date in due:
        send_reminder.delay(patient_id, kind, local_date.isoformat())
    return len(due)


@shared_task(**RETRY)
def send_reminder(patient_id: int, kind: str, local_date: str) -> bool:
    sent = services.remind(
        patient_id=patient_id, kind=kind, local_date=dt.date.fromisoformat(local_date)
    )
    return sent is not None
