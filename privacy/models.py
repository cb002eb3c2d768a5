"""The privacy trail: who read which patient's record, and which patients were erased by
whom. Neither holds health data."""

from django.db import models

__all__ = ["AccessEvent", "Erasure"]


class AccessEvent(models.Model):
    """One read of a patient's record by staff, or one download (of an export file or of
    a patient's own data)."""

    class Kind(models.TextChoices):
        PATIENT = "patient", "Patient details"
        LOGS = "logs", "Logs listed for a patient"
        REPORT = "report", "Progress report"
        FHIR = "fhir", "FHIR bundle"
        EXPORT_DOWNLOAD = "export_download", "Clinic export file downloaded"
        DATA_DOWNLOAD = "data_download", "Patient downloaded their own data"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "patients.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_email = models.EmailField(help_text="Kept if the account is removed.")
    clinic = models.ForeignKey("patients.Clinic", on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty: clinic-wide, or the patient has since been erased.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(
        max_length=100, blank=True, help_text="What was read, e.g. 'checkins' or 'export 12'."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["clinic", "-created_at"], name="accessevent_clinic")]

    def __str__(self):
        whom = f"patient {self.patient_id}" if self.patient_id else "clinic-wide"
        when = f"{self.created_at:%Y-%m-%d %H:%M}"
        return f"{self.user_email}: {self.get_kind_display()} ({whom}) at {when}"


class Erasure(models.Model):
    """A patient erased at a clinic admin's request: who and when, and how many rows of each
    kind went; nothing about the patient themselves."""

    created_at = models.DateTimeField(auto_now_add=True)
    erased_by = models.ForeignKey(
        "patients.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    erased_by_email = models.EmailField()
    clinic = models.ForeignKey("patients.Clinic", on_delete=models.CASCADE, related_name="+")
    rows = models.JSONField(default=dict, help_text="Rows deleted, by table.")
    files = models.PositiveIntegerField(default=0, help_text="Export files deleted.")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"A patient erased by {self.erased_by_email} at {self.created_at:%Y-%m-%d %H:%M}"
