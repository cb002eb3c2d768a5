"""Background jobs: thin wrappers that take ids and call services."""

import logging

from celery import group, shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from rehab import alerts, attention, services
from rehab.models import Enrolment

log = logging.getLogger(__name__)
TRANSIENT = (OperationalError, InterfaceError, BrokerError, ConnectionError)
RETRY = dict(autoretry_for=TRANSIENT, retry_backoff=True, retry_backoff_max=300, max_retries=8)
NIGHTLY_CHUNK = 200


@shared_task(**RETRY)
def evaluate_enrolment(enrolment_id: int, trigger: str = "nightly") -> str | None:
    snapshot = services.evaluate(enrolment_id=enrolment_id, trigger=trigger)
    return snapshot["decision"] if snapshot else None


@shared_task(**RETRY)
def evaluate_patient(patient_id: int) -> int:
    """After a log: every active enrolment of the patient (check-ins feed them all)."""
    ids = list(
        Enrolment.objects.filter(patient_id=patient_id, status="active").values_list(
            "id", flat=True
        )
    )
    services.evaluate_many(enrolment_ids=ids, trigger="log")
    return len(ids)


@shared_task(**RETRY)
def evaluate_chunk(enrolment_ids: list[int]) -> int:
    """A chunk in one evaluation (reads in bulk, acts per evidence) and its attention
    alerts, read in bulk too; both are idempotent, so a retried chunk changes nothing."""
    services.evaluate_many(enrolment_ids=enrolment_ids, trigger="nightly")
    attention.raise_attention_alerts_many(enrolment_ids=enrolment_ids)
    return len(enrolment_ids)


@shared_task(**RETRY)
def nightly_evaluation(chunk_size: int = NIGHTLY_CHUNK) -> int:
    """Run hourly: fan out, in chunks, the enrolments whose night has come (03:00 local)
    and whose date just ended is not judged yet, so the sweep scales with workers."""
    ids = services.due_for_nightly()
    chunks = [ids[i : i + chunk_size] for i in range(0, len(ids), chunk_size)]
    if chunks:
        group(evaluate_chunk.s(chunk) for chunk in chunks).apply_async()
    return len(ids)


@shared_task(**RETRY)
def escalate_unseen_urgent_alerts() -> int:
    return alerts.escalate_unseen_urgent_alerts()


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=8)
def email_urgent_alert(alert_id: int) -> int:
    return alerts.email_urgent_alert(alert_id)
