"""The patient's logs: check-ins, exercise sessions, runs, measurements and treatments.

Logs use the client's UUID as their primary key, so a phone that retries a write can
never create a second row: the database enforces it.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from rehab.models.enrolments import Enrolment, Side


def pain_field(**kwargs):
    return models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)], **kwargs
    )


def unread_note_index(kind: str) -> models.Index:
    """Notes by patient and time: the caseload asks per patient whether any note is newer
    than the physio's read marker, and most logs carry none."""
    return models.Index(
        fields=["patient", "created_at"], condition=~models.Q(note=""), name=f"{kind}_note_created"
    )


class LiveLogs(models.Manager):
    """The logs that stand: a deleted log is kept (PROTOCOLS.md 9.5) but read nowhere the
    live record is read (the API, the gates, Today, the caseload, charts and exports), so
    this default manager leaves it out in one place. Related-object access and cascades go
    through the plain base manager and still reach it."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class LogRecord(models.Model):
    """What every patient log shares: the client's id, the patient and their local date.

    Deleting a log marks it deleted (`deleted_at`, `deleted_by`) and keeps the row and its
    versions: every log, not only the ones a decision named, because whether a log is
    evidence is not settled when it is deleted (a window criterion or a later night may
    read it), and because the client's id must stay taken, so that a phone replaying the
    write of a deleted log neither brings it back nor makes a second one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    date = models.DateField(help_text="The patient's local date.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        "patients.User",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    kept = models.Manager()  # deleted logs too: a replayed write, the patient's download
    objects = LiveLogs()

    class Meta:
        abstract = True
        default_manager_name = "objects"
        ordering = ["-date", "-created_at"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.date} ({self.pk})"


class CheckIn(LogRecord):
    pain_rest = pain_field()
    pain_morning = pain_field()
    sitting_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    load_test_pain = pain_field(null=True, blank=True)
    red_flags = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta(LogRecord.Meta):
        constraints = [
            # A deleted check-in leaves its date free for a new one.
            models.UniqueConstraint(
                fields=["patient", "date"],
                condition=models.Q(deleted_at__isnull=True),
                name="one_checkin_per_local_date",
            )
        ]
        indexes = [
            models.Index(fields=["patient", "date"], name="checkin_patient_date"),
            unread_note_index("checkin"),
        ]


class ExerciseSession(LogRecord):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="sessions")
    pain_during = pain_field()
    pain_after = pain_field()
    rpe = pain_field(null=True, blank=True)
    exercises = models.JSONField(
        default=list, help_text="[{exercise, sets, reps, hold_s, load_kg}] done in the session."
    )
    note = models.TextField(blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta(LogRecord.Meta):
        indexes = [
            models.Index(fields=["enrolment", "date"], name="session_enrolment_date"),
            unread_note_index("session"),
        ]


class Run(LogRecord):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="runs")
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    run_min = models.DecimalField(max_digits=5, decimal_places=1)
    walk_min = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    pain_during = pain_field()
    pain_after = pain_field()
    limp = models.BooleanField(default=False)
    note = models.TextField(blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta(LogRecord.Meta):
        indexes = [
            models.Index(fields=["enrolment", "date"], name="run_enrolment_date"),
            unread_note_index("run"),
        ]


class Measurement(LogRecord):
    """An outcome score, a strength test, a check (1 yes / 0 no) or a provocation test
    (1 positive / 0 negative); keys from PROTOCOLS.md section 5."""

    key = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=7, decimal_places=2)
    side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    method = models.CharField(max_length=20, blank=True)
    recorded_by = models.ForeignKey(
        "patients.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta(LogRecord.Meta):
        indexes = [models.Index(fields=["patient", "key", "date"], name="measurement_key_date")]


class Treatment(LogRecord):
    """A treatment the physio records (PROTOCOLS.md section 1). An injection pauses the
    pain criteria for the protocol's washout, so the pain it masks cannot open a gate."""

    class Kind(models.TextChoices):
        CORTICOSTEROID_INJECTION = "corticosteroid_injection", "Corticosteroid injection"
        PRP_INJECTION = "prp_injection", "PRP injection"
        LOCAL_ANAESTHETIC_INJECTION = "local_anaesthetic_injection", "Local-anaesthetic injection"
        SHOCKWAVE = "shockwave", "Shockwave course"
        SURGERY = "surgery", "Surgery"

    INJECTIONS = (
        Kind.CORTICOSTEROID_INJECTION,
        Kind.PRP_INJECTION,
        Kind.LOCAL_ANAESTHETIC_INJECTION,
    )

    kind = models.CharField(max_length=30, choices=Kind.choices)
    side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        "patients.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()
