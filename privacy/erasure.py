"""Erase a patient: every record of theirs, the history copies of those records, their
export traces, tokens and account. What stays is an Erasure row naming who and when.

Deleting the patient cascades to their logs, enrolments, alerts and invites, and deleting
the account to its tokens and second-factor devices. django-simple-history keeps copies
outside those cascades (and writes one more copy of each row as it is deleted), so those
are deleted afterwards, by the patient's and their enrolments' ids.
"""

from collections import Counter

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from exports import jobs
from exports.models import ExportJob, ExportRecord
from patients.models import Patient, User
from privacy.models import AccessEvent, Erasure
from rehab.models import Enrolment

# django-axes keeps sign-in attempts by email address (not a foreign key).
AXES_MODELS = ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog")


@transaction.atomic
def erase_patient(*, patient: Patient, erased_by: User) -> Erasure:
    user = User.objects.select_for_update().get(pk=patient.user_id)
    rows: Counter = Counter()
    enrolment_ids = list(Enrolment.objects.filter(patient=patient).values_list("id", flat=True))

    # Traces that name the patient's account outside the cascades.
    _count(rows, ExportRecord.objects.filter(user=user).delete())
    _count(rows, AccessEvent.objects.filter(user=user).delete())
    _count(rows, LogEntry.objects.filter(_admin_log_entries(patient, user)).delete())
    _count(rows, Session.objects.filter(pk__in=_session_keys(user)).delete())
    for label in AXES_MODELS:
        if apps.is_installed("axes"):
            model = apps.get_model(label)
            _count(rows, model.objects.filter(username__iexact=user.email).delete())
    # Reads of the record and exports of it stay, naming no patient (the FK is set null).
    AccessEvent.objects.filter(patient=patient).update(patient=None)
    ExportRecord.objects.filter(patient=patient).update(patient=None)
    files = _delete_clinic_export_files(patient.clinic_id)

    clinic_id = patient.clinic_id
    _count(rows, user.delete())  # the Patient (and everything it owns) goes with the account
    for model in _history_models():
        _count(rows, _history_of(model, patient.pk, enrolment_ids).delete())

    return Erasure.objects.create(
        erased_by=erased_by,
        erased_by_email=erased_by.email,
        clinic_id=clinic_id,
        rows=dict(sorted(rows.items())),
        files=files,
    )


def _count(rows: Counter, deleted: tuple[int, dict]) -> None:
    rows.update({label: n for label, n in deleted[1].items() if n})


def _admin_log_entries(patient, user) -> Q:
    of = ContentType.objects.get_for_model
    return Q(content_type=of(Patient), object_id=str(patient.pk)) | Q(
        content_type=of(User), object_id=str(user.pk)
    )


def _session_keys(user) -> list[str]:
    """Signed-in sessions of the account (the user id is inside the encoded data)."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return []
    live = Session.objects.filter(expire_date__gt=timezone.now())
    return [s.pk for s in live.iterator() if s.get_decoded().get("_auth_user_id") == str(user.pk)]


def _delete_clinic_export_files(clinic_id: int) -> int:
    """Clinic-wide export files hold every patient's logs: the ones still on disk go."""
    count = 0
    waiting = ExportJob.objects.filter(clinic_id=clinic_id).exclude(file="")
    for job_id, relative in waiting.values_list("id", "file"):
        jobs.export_path(relative).unlink(missing_ok=True)
        count += ExportJob.objects.filter(pk=job_id).update(
            file="", expires_at=timezone.now(), error="Removed: a patient's data was erased."
        )
    return count


def _history_models():
    return [m for m in apps.get_models() if hasattr(m, "instance_type")]  # simple-history


def _history_of(model, patient_id: int, enrolment_ids: list[int]):
    names = {f.name for f in model._meta.fields}
    if "patient" in names:
        return model.objects.filter(patient_id=patient_id)
    if "enrolment" in names:
        return model.objects.filter(enrolment_id__in=enrolment_ids)
    return model.objects.none()
