"""The privacy trail in /admin/, read-only and scoped to the clinic admin's own clinic,
and the "erase" action on patients."""

from django.contrib import admin, messages

from patients import access
from patients.admin import ClinicScopedAdmin, PatientAdmin
from patients.models import Patient
from privacy import erasure
from privacy.models import AccessEvent, Erasure


class ReadOnlyTrailAdmin(ClinicScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyTrailAdmin):
    list_display = ["created_at", "user_email", "kind", "patient", "detail"]
    list_filter = ["kind"]
    search_fields = ["user_email", "patient__user__name"]
    list_select_related = ["patient__user"]
    date_hierarchy = "created_at"


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyTrailAdmin):
    list_display = ["created_at", "erased_by_email", "files"]
    date_hierarchy = "created_at"


@admin.action(description="Erase the selected patients (every record and the account, for good)")
def erase_patients(modeladmin, request, queryset):
    if not (request.user.is_superuser or access.is_clinic_admin(request.user)):
        modeladmin.message_user(request, "Only clinic admins may erase patients.", messages.ERROR)
        return
    count = 0
    for patient in modeladmin.get_queryset(request).filter(pk__in=queryset.values("pk")):
        erasure.erase_patient(patient=patient, erased_by=request.user)
        count += 1
    modeladmin.message_user(
        request,
        f"Erased {count} patient(s). The erasures are listed under Privacy.",
        messages.SUCCESS,
    )


class PatientWithErasureAdmin(PatientAdmin):
    actions = [erase_patients]


admin.site.unregister(Patient)
admin.site.register(Patient, PatientWithErasureAdmin)
