"""Export jobs (clinic-wide files made in the background) and the audit record every
export leaves: who, what kind, which patient or the whole clinic, and when."""

from django.db import models
from django.utils import timezone

__all__ = ["ExportJob", "ExportRecord"]


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        LOGS_CSV = "logs_csv", "All logs as CSV (zip)"
        OUTCOME_REPORT = "outcome_report", "Outcome report (CSV and PDF, zip)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="0-100.")
    clinic = models.ForeignKey("patients.Clinic", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        "patients.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    date_from = models.DateField()
    date_to = models.DateField()
    file = models.CharField(max_length=300, blank=True, help_text="Path under MEDIA_ROOT.")
    file_name = models.CharField(max_length=200, blank=True, help_text="Name to download as.")
    rows = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "rehab_exportjob"  # made when exports lived in rehab; kept, no data moved
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["clinic", "-created_at"], name="exportjob_clinic_created"),
            models.Index(fields=["expires_at"], name="exportjob_expires"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date_from}..{self.date_to} ({self.status})"

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class ExportRecord(models.Model):
    """One row per export handed out; kept when the file itself has expired."""

    class Kind(models.TextChoices):
        REPORT_PDF = "report_pdf", "Patient report (PDF)"
        REPORT_HTML = "report_html", "Patient report (HTML)"
        FHIR = "fhir", "FHIR R4 bundle"
        LOGS_CSV = "logs_csv", "All logs as CSV (zip)"
        OUTCOME_REPORT = "outcome_report", "Outcome report"

    user = models.ForeignKey(
        "patients.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_email = models.EmailField(help_text="Kept if the account is removed.")
    clinic = models.ForeignKey("patients.Clinic", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    patient = models.ForeignKey(
        "patients.Patient",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty: clinic-wide.",
    )
    clinic_wide = models.BooleanField(default=False)
    job = models.ForeignKey(
        ExportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "rehab_exportrecord"  # as above
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["clinic", "-created_at"], name="exportrecord_clinic")]

    def __str__(self):
        whom = "clinic-wide" if self.clinic_wide else f"patient {self.patient_id}"
        return f"{self.user_email}: {self.kind} ({whom}) at {self.created_at:%Y-%m-%d %H:%M}"
