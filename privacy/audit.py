"""Record reads of patients' records. Staff reads are recorded; a patient reading their own
record is not (only their full data download is)."""

from patients import access
from privacy.models import AccessEvent


def record_read(*, user, patient, kind: str, detail: str = "") -> AccessEvent | None:
    """A read of one patient's record (a Patient already in the caller's scope)."""
    if not access.is_clinic_staff(user):
        return None
    return _record(
        user=user, clinic_id=patient.clinic_id, patient_id=patient.pk, kind=kind, detail=detail
    )


def record_list_for(*, user, patient_id: int | None, kind: str, detail: str = "") -> None:
    """Staff listing records filtered to one patient (only a patient in their scope)."""
    if patient_id is None or not access.is_clinic_staff(user):
        return
    if access.visible_patients(user).filter(pk=patient_id).exists():
        _record(
            user=user, clinic_id=user.clinic_id, patient_id=patient_id, kind=kind, detail=detail
        )


def record_download(*, user, clinic_id: int, kind: str, patient_id=None, detail="") -> AccessEvent:
    return _record(user=user, clinic_id=clinic_id, patient_id=patient_id, kind=kind, detail=detail)


def _record(*, user, clinic_id, patient_id, kind, detail) -> AccessEvent:
    return AccessEvent.objects.create(
        user=user,
        user_email=user.email,
        clinic_id=clinic_id,
        patient_id=patient_id,
        kind=kind,
        detail=detail[:100],
    )
