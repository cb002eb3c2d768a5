from django.contrib import admin

from patients.admin import ClinicScopedAdmin
from plans.models import PlanTemplate, PlanVersion


@admin.register(PlanVersion)
class PlanVersionAdmin(ClinicScopedAdmin):
    """Read-only: plan versions are the audit trail of a patient's plan."""

    clinic_lookup = "enrolment__patient__clinic"

    list_display = ["enrolment", "number", "phase", "kind", "summary", "created_by", "created_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlanTemplate)
class PlanTemplateAdmin(ClinicScopedAdmin):
    list_display = ["name", "clinic", "protocol", "phase_name", "created_at"]
