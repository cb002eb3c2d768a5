"""Who may see whom. Every queryset the API serves passes through these functions.

A patient sees only themselves; staff (physio, clinic admin) see only their own
clinic. Anything outside the caller's scope is simply absent from the queryset, so
views answer 404 for it, never 403.
"""

from django.db.models import Q, QuerySet
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import SAFE_METHODS, BasePermission

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


# Who writes which records. Reading stays with the querysets above. A rule about a change
# to a record is checked on the record (`has_object_permission`), after the scoped lookup,
# so a record outside the caller's scope is still 404, never 403.


class OnlyPatientsCreate(BasePermission):
    """The patient creates these for themselves; staff only read their clinic's."""

    message = "Patients record these themselves."

    def has_permission(self, request, view):
        return view.action != "create" or patient_of(request.user) is not None


class OnlyPatientsChange(BasePermission):
    """The patient changes and deletes these; staff only read them."""

    message = "Patients edit these themselves."

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or patient_of(request.user) is not None


class OnlyStaffChange(BasePermission):
    """The clinic's staff change these; the patient only reads theirs."""

    message = "Only clinic staff may change this."

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or is_clinic_staff(request.user)


class PatientOrStaffCreate(BasePermission):
    """A patient creates these for themselves, staff for a patient of their clinic they
    name in the body (`patient_chosen_by`)."""

    def has_permission(self, request, view):
        if view.action != "create":
            return True
        return patient_of(request.user) is not None or is_clinic_staff(request.user)


def patient_chosen_by(user, patient_id) -> Patient:
    """The patient a staff member names in a request body: one of their clinic's, or 404
    like any record outside their scope. The caller checks the id is a plain number."""
    return get_object_or_404(visible_patients(user), pk=patient_id)


def scope_to_exporter(queryset: QuerySet, user, *, owner: str = "created_by") -> QuerySet:
    """Exports (jobs and their audit records): a clinic admin sees the whole clinic's,
    a physio only their own, anyone else nothing. `owner` names the user field."""
    if is_clinic_admin(user):
        return queryset.filter(clinic_id=user.clinic_id)
    if is_clinic_staff(user):
        return queryset.filter(clinic_id=user.clinic_id, **{f"{owner}_id": user.pk})
    return queryset.none()
