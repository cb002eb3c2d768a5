"""Reminders in /admin/ for the installation's operator (superusers) only, read-only:
they are the patient's own choices, not the clinic's to change."""

from django.contrib import admin

from reminders.models import PushSubscription, ReminderSettings, SentReminder


class OperatorReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(OperatorReadOnlyAdmin):
    list_display = ["patient_id", "enabled", "checkin_time", "channel", "updated_at"]
    list_filter = ["enabled", "channel"]


@admin.register(PushSubscription)
class PushSubscriptionAdmin(OperatorReadOnlyAdmin):
    list_display = ["id", "user_id", "created_at", "last_sent_at"]
    exclude = ["p256dh", "auth"]


@admin.register(SentReminder)
class SentReminderAdmin(OperatorReadOnlyAdmin):
    list_display = ["patient_id", "kind", "local_date", "channel", "delivered", "created_at"]
    list_filter = ["kind", "channel"]
