"""Questionnaire versions (read-only; a clinic copy is loaded with `load_questionnaires
--clinic`) and responses (read-only: they are the patient's own answers)."""

from django.contrib import admin

from patients import access
from questionnaires.models import QuestionnaireResponse, QuestionnaireVersion


class ClinicScoped(admin.ModelAdmin):
    clinic_path = "clinic"

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        if self.clinic_path == "clinic":
            return rows.filter(clinic__in=access.visible_clinics(request.user)) | rows.filter(
                clinic__isnull=True
            )
        return access.scope_to_patient(rows, request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(ClinicScoped):
    list_display = ["name", "key", "number", "clinic", "created_at"]
    list_filter = ["key"]
    readonly_fields = ["key", "number", "clinic", "name", "source", "definition", "created_at"]


@admin.register(QuestionnaireResponse)
class QuestionnaireResponseAdmin(ClinicScoped):
    clinic_path = "patient"
    list_display = ["questionnaire", "patient", "date", "score", "created_at"]
    list_filter = ["questionnaire"]
    readonly_fields = [
        "id",
        "patient",
        "version",
        "questionnaire",
        "date",
        "answers",
        "score",
        "measurement",
        "created_at",
    ]
