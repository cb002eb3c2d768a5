"""Who may see whom. Every queryset the API serves passes through these functions.

A patient sees only themselves; staff (physio, clinic admin) see only their own
clinic. Anything outside the caller's scope is simply absent from the queryset, so
views answer 404 for it, never 403.
"""

from django.db.models import Q, QuerySet
from rest_framework.permissions import BasePermission

from patients.models import Clinic, Patient, User


def is_clinic_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_clinic_staff and user.clinic_id)


def is_clinic_admin(user) -> bool:
    return is_clinic_staff(user) and user.role == User.Role.CLINIC_ADMIN


def patient_of(user) -> Patient | None:
    """The caller's own patient profile, or None for staff and anonymous users."""
    if not (user and user.is_authenticated) or user.role != User.Role.PATIENT:
        return None
    return getattr(user, "patient", None)


def visible_patients(user) -> QuerySet[Patient]:
    patients = Patient.objects.select_related("user", "clinic", "treating_physio")
    if is_clinic_staff(user):
        return patients.filter(clinic_id=user.clinic_id)
    if user and user.is_authenticated and user.role == User.Role.PATIENT:
        return patients.filter(user_id=user.pk)
    return patients.none()


def scope_to_patient(queryset: QuerySet, user, *, via: str = "patient") -> QuerySet:
    """Limit any patient-owned queryset to what the caller may see.

    `via` is the lookup path from the queryset's model to Patient.
    """
    if is_clinic_staff(user):
        return queryset.filter(**{f"{via}__clinic_id": user.clinic_id})
    if user and user.is_authenticated and user.role == User.Role.PATIENT:
        return queryset.filter(**{f"{via}__user_id": user.pk})
    return queryset.none()


def visible_staff(user) -> QuerySet[User]:
    if is_clinic_staff(user):
        return User.objects.filter(clinic_id=user.clinic_id).exclude(role=User.Role.PATIENT)
    return User.objects.none()


def visible_clinics(user) -> QuerySet[Clinic]:
    if user and user.is_superuser:
        return Clinic.objects.all()
    if is_clinic_staff(user):
        return Clinic.objects.filter(pk=user.clinic_id)
    return Clinic.objects.none()


def clinic_id_of(user) -> int | None:
    """The clinic a signed-in user belongs to, staff or patient."""
    if is_clinic_staff(user):
        return user.clinic_id
    patient = patient_of(user)
    return patient.clinic_id if patient else None


def scope_to_clinic(
    queryset: QuerySet, user, *, via: str = "clinic", shared: bool = False
) -> QuerySet:
    """Limit any clinic-owned queryset to the caller's clinic (staff or patient).

    `via` is the lookup path from the queryset's model to Clinic. With `shared`, rows that
    belong to no clinic (shipped for everyone) are visible to every signed-in user too.
    """
    if not (user and user.is_authenticated):
        return queryset.none()
    clinic_id = clinic_id_of(user)
    own = Q(**{f"{via}_id": clinic_id}) if clinic_id is not None else Q(pk__in=[])
    if shared:
        own |= Q(**{f"{via}__isnull": True})
    return queryset.filter(own)


class IsClinicStaff(BasePermission):
    message = "Only clinic staff may do this."

    def has_permission(self, request, view):
        return is_clinic_staff(request.user)


class IsClinicAdmin(BasePermission):
    message = "Only clinic admins may do this."

    def has_permission(self, request, view):
        return is_clinic_admin(request.user)


class IsPatient(BasePermission):
    message = "Only patients may do this."

    def has_permission(self, request, view):
        return patient_of(request.user) is not None


def scope_to_exporter(queryset: QuerySet, user, *, owner: str = "created_by") -> QuerySet:
    """Exports (jobs and their audit records): a clinic admin sees the whole clinic's,
    a physio only their own, anyone else nothing. `owner` names the user field."""
    if is_clinic_admin(user):
        return queryset.filter(clinic_id=user.clinic_id)
    if is_clinic_staff(user):
        return queryset.filter(clinic_id=user.clinic_id, **{f"{owner}_id": user.pk})
    return queryset.none()
