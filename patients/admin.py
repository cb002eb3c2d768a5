"""Django admin for clinic admins, limited to their own clinic's people."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied

from patients import access
from patients.models import Clinic, Invite, Patient, User


class ClinicScopedAdmin(admin.ModelAdmin):
    """Superusers see everything; a clinic admin sees and edits only their clinic."""

    clinic_lookup = "clinic"

    def _allowed(self, request) -> bool:
        return request.user.is_superuser or access.is_clinic_admin(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.clinic_lookup}_id": request.user.clinic_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.related_model is Clinic:
                kwargs["queryset"] = access.visible_clinics(request.user)
            elif db_field.related_model is User:
                kwargs["queryset"] = access.visible_staff(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Clinic)
class ClinicAdmin(ClinicScopedAdmin):
    clinic_lookup = "pk"
    list_display = ["name", "created_at"]

    def get_queryset(self, request):
        return access.visible_clinics(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(User)
class UserAdmin(ClinicScopedAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "clinic", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "name", "password"]}),
        ("Clinic", {"fields": ["role", "clinic", "is_active", "is_staff"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "name", "role", "clinic", "password1", "password2"]}),
    ]

    def get_queryset(self, request):
        # Superusers belong to no clinic, but never show them to a clinic admin regardless.
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False).exclude(role=User.Role.PATIENT)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser and obj is not None:
            fieldsets = fieldsets + [("Superuser", {"fields": ["is_superuser"]})]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # A clinic admin who could change a colleague's email could send that colleague's
        # password reset to themselves: only the person (or a superuser) changes it.
        if obj is not None and not request.user.is_superuser and obj.pk != request.user.pk:
            return ["email"]
        return []

    def user_change_password(self, request, id, form_url=""):
        # Staff never set a password that works for someone else: others use a reset email.
        if not request.user.is_superuser and str(request.user.pk) != str(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Patient)
class PatientAdmin(ClinicScopedAdmin):
    list_display = ["__str__", "clinic", "treating_physio", "date_of_birth", "timezone"]
    search_fields = ["user__name", "user__email"]
    list_select_related = ["user", "clinic", "treating_physio"]
    readonly_fields = ["user"]

    def has_add_permission(self, request):
        return False  # patients are created with an invite, through the app or the API


@admin.register(Invite)
class InviteAdmin(ClinicScopedAdmin):
    clinic_lookup = "patient__clinic"
    list_display = ["patient", "created_at", "sent_at", "accepted_at", "revoked_at"]
    readonly_fields = ["public_id", "patient", "created_by", "sent_at", "accepted_at"]

    def has_add_permission(self, request):
        return False
