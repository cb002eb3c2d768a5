"""Reminder settings, the browsers that receive Web Push, and what was sent on which day.

None of it is health data: a reminder says only that it is time to check in.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

__all__ = ["PushSubscription", "ReminderSettings", "SentReminder"]


def validate_weekdays(value) -> None:
    if not isinstance(value, list) or any(
        not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6 for d in value
    ):
        raise ValidationError("Weekdays are whole numbers from 0 (Monday) to 6 (Sunday).")


class ReminderSettings(models.Model):
    """One patient's choices. Off until the patient turns reminders on."""

    class Channel(models.TextChoices):
        PUSH = "push", "Push notification (email when no browser is subscribed)"
        EMAIL = "email", "Email"

    patient = models.OneToOneField(
        "patients.Patient", on_delete=models.CASCADE, related_name="reminder_settings"
    )
    enabled = models.BooleanField(default=False)
    checkin_time = models.TimeField(default=dt.time(8, 0), help_text="Patient's local time.")
    session_days_enabled = models.BooleanField(default=True)
    session_days = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_weekdays],
        help_text="Weekdays of planned sessions, 0 = Monday.",
    )
    session_time = models.TimeField(default=dt.time(17, 0), help_text="Patient's local time.")
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PUSH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "reminder settings"
        indexes = [models.Index(fields=["enabled"], name="reminders_enabled")]

    def __str__(self):
        return f"Reminders for patient {self.patient_id} ({'on' if self.enabled else 'off'})"


class PushSubscription(models.Model):
    """One browser's push endpoint and keys (the PushSubscription JSON)."""

    user = models.ForeignKey(
        "patients.User", on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Push subscription {self.pk} of user {self.user_id}"


class SentReminder(models.Model):
    """A reminder claimed for one patient, kind and local date: the unique row is what
    makes the schedule send at most once a day, however often the task runs."""

    class Kind(models.TextChoices):
        CHECKIN = "checkin", "Daily check-in"
        SESSION = "session", "Session day"

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    local_date = models.DateField()
    channel = models.CharField(max_length=10, blank=True, help_text="push, email or none.")
    delivered = models.PositiveSmallIntegerField(default=0, help_text="Browsers or emails.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "kind", "local_date"], name="one_reminder_per_kind_and_day"
            )
        ]

    def __str__(self):
        return f"{self.kind} reminder for patient {self.patient_id} on {self.local_date}"
