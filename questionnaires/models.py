"""Questionnaire versions (shipped, or a clinic's copy with licensed wording) and the
patient's responses. A response is also stored as the `visa_h`/`phat` Measurement the
gates and charts read; the response keeps the answers behind that number."""

import uuid

from django.db import models

from questionnaires.schema import KEYS

KEY_CHOICES = [(key, key) for key in KEYS]


class QuestionnaireVersion(models.Model):
    key = models.CharField(max_length=20, choices=KEY_CHOICES)
    number = models.PositiveIntegerField()
    clinic = models.ForeignKey(
        "patients.Clinic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty: shipped with the app. Set: this clinic's copy (e.g. licensed wording).",
    )
    name = models.CharField(max_length=60)
    source = models.TextField(help_text="The instrument's citation.")
    definition = models.JSONField(help_text="The validated definition file, as data.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "number"],
                condition=models.Q(clinic__isnull=True),
                name="one_shipped_questionnaire_version",
            ),
            models.UniqueConstraint(
                fields=["key", "number", "clinic"], name="one_clinic_questionnaire_version"
            ),
        ]

    def __str__(self):
        owner = f", {self.clinic}" if self.clinic_id else ""
        return f"{self.name} v{self.number}{owner}"


class QuestionnaireResponse(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="+")
    questionnaire = models.CharField(max_length=20, choices=KEY_CHOICES)
    date = models.DateField(help_text="The patient's local date.")
    answers = models.JSONField(help_text="{item key: answer}, as checked.")
    score = models.DecimalField(max_digits=4, decimal_places=1)
    measurement = models.OneToOneField(
        "rehab.Measurement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["patient", "questionnaire", "date"], name="response_key_date")
        ]

    def __str__(self):
        return f"{self.questionnaire} {self.date}: {self.score} ({self.pk})"
