"""Alerts: what waits for the physio (a red flag, a flare, a review, a stalled or silent
patient), open until acknowledged."""

from django.db import models

from rehab.models.enrolments import Enrolment
from rehab.models.logs import CheckIn


class Alert(models.Model):
    class Kind(models.TextChoices):
        RED_FLAG = "red_flag", "Red flag"
        FLARE = "flare", "Flare"
        READY_FOR_REVIEW = "ready_for_review", "Ready for review"
        STALLED = "stalled", "Stalled"
        NOT_RESPONDING = "not_responding", "Not responding"

    class Severity(models.TextChoices):
        URGENT = "urgent", "Urgent"
        HIGH = "high", "High"
        ROUTINE = "routine", "Routine"

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="alerts")
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    assigned_to = models.ForeignKey(
        "patients.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=40, blank=True, help_text="e.g. the red flag's key.")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    message = models.TextField()
    checkin = models.ForeignKey(CheckIn, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "patients.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(
        blank=True, help_text="Closed by the app, not a person: why (e.g. a flare-up)."
    )
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the clinic admins were told it waits unseen."
    )

    class Meta:
        ordering = [models.F("acknowledged_at").asc(nulls_first=True), "-created_at"]
        constraints = [
            # One open alert per patient, kind and key (and enrolment, where there is one).
            models.UniqueConstraint(
                fields=["patient", "kind", "key"],
                condition=models.Q(acknowledged_at__isnull=True, enrolment__isnull=True),
                name="one_open_patient_alert",
            ),
            models.UniqueConstraint(
                fields=["enrolment", "kind", "key"],
                condition=models.Q(acknowledged_at__isnull=True, enrolment__isnull=False),
                name="one_open_enrolment_alert",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.severity}) for {self.patient}"
