"""Enrolments, the patient's logs, measurements and alerts.

Logs use the client's UUID as their primary key, so a phone that retries a write can
never create a second row: the database enforces it.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from protocols.models import Phase, Protocol, ProtocolVersion


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


def pain_field(**kwargs):
    return models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)], **kwargs
    )


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="enrolments"
    )
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        ProtocolVersion, on_delete=models.PROTECT, related_name="enrolments"
    )
    track = models.CharField(max_length=20, default="standard")
    side = models.CharField(max_length=5, choices=Side.choices)
    start_date = models.DateField()
    injury_date = models.DateField(null=True, blank=True)
    surgery_date = models.DateField(null=True, blank=True)
    tendons = models.PositiveSmallIntegerField(null=True, blank=True)
    retraction_cm = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    current_phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    phase_started_on = models.DateField()
    # When the current phase was entered by a move (empty: since enrolment). A log dated on
    # the start date belongs to the phase only if entered after this (PROTOCOLS.md 9.3).
    phase_started_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # A return-to-run plan paused by a red flag or a phase that forbids running (9.9).
    running_paused_since = models.DateTimeField(null=True, blank=True)
    running_paused_reason = models.CharField(max_length=300, blank=True)
    # The reason as words for the patient's language (protocols/words.py); the English
    # above stays for staff, exports and the API.
    running_paused_words = models.JSONField(null=True, blank=True)
    # The latest gate evaluation (decision and one result per criterion), for reading.
    gate_snapshot = models.JSONField(null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    # The last local date the nightly run judged: it runs once per date (PROTOCOLS.md 9.14).
    nightly_for = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        "patients.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "protocol"],
                condition=models.Q(status="active"),
                name="one_active_enrolment_per_protocol",
            )
        ]

    def __str__(self):
        return f"{self.patient} on {self.version}"


class PhaseTransition(models.Model):
    """A move between phases: applied (auto gate, flare step back, approval, override)
    or pending the physio's decision (review gate, proposed step back)."""

    class Decision(models.TextChoices):
        ADVANCE = "advance", "Advance"
        READY_FOR_REVIEW = "ready_for_review", "Ready for review"
        FLARE = "flare", "Flare: step back"
        OVERRIDE = "override", "Physio override"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        APPLIED = "applied", "Applied"
        CLOSED = "closed", "Closed"  # a proposal superseded or refused; `reason` says why

    class Trigger(models.TextChoices):
        LOG = "log", "A new log"
        NIGHTLY = "nightly", "Nightly evaluation"
        PHYSIO = "physio", "The physio"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="transitions")
    from_phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    to_phase = models.ForeignKey(
        Phase,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty: the programme is complete.",
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    actor = models.ForeignKey(
        "patients.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    reason = models.TextField(blank=True, help_text="Why a proposal was closed.")
    criteria = models.JSONField(default=list, help_text="The criteria results when decided.")
    evaluated_on = models.DateField(help_text="The patient's local date of the evaluation.")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "patients.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # At most one decision awaiting the physio per enrolment.
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(status="pending"),
                name="one_pending_transition_per_enrolment",
            ),
        ]

    def __str__(self):
        target = self.to_phase.key if self.to_phase_id else "complete"
        return f"{self.enrolment}: {self.from_phase.key} -> {target} ({self.status})"


class ActedEvidence(models.Model):
    """The decision ledger: one row per piece of evidence a rule acted on, so acting is
    idempotent by construction (PROTOCOLS.md 9.1). The unique constraint, not a lookup,
    stops a second night, a second worker or a step back from acting on it again."""

    class Action(models.TextChoices):
        STEPPED_BACK = "stepped_back", "Stepped back"
        PROPOSED_STEP_BACK = "proposed_step_back", "Step back proposed"
        JOINED = "joined", "Joined a pending step back"
        HELD_AT_FLOOR = "held_at_floor", "Held at the first phase"
        RED_FLAG = "red_flag", "Red flag raised"
        ATTENTION = "attention", "Attention alert raised"
        OVERRIDDEN = "overridden", "Taken out of play by an override"

    FLARE_ACTIONS = (
        Action.STEPPED_BACK,
        Action.PROPOSED_STEP_BACK,
        Action.JOINED,
        Action.HELD_AT_FLOOR,
    )

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="ledger")
    rule = models.CharField(max_length=40, help_text="The rule's kind, e.g. limp_reported.")
    evidence = models.CharField(
        max_length=120, help_text="The record (session:<id>) or episode (morning+2:<date>)."
    )
    evidence_on = models.DateField(help_text="The patient's local date of the evidence.")
    action = models.CharField(max_length=20, choices=Action.choices)
    transition = models.ForeignKey(
        PhaseTransition, null=True, blank=True, on_delete=models.SET_NULL, related_name="ledger"
    )
    alert = models.ForeignKey(
        "Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="ledger"
    )
    actor = models.ForeignKey(
        "patients.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who acted: empty for the patient's log or the nightly run.",
    )
    trigger = models.CharField(max_length=10, choices=PhaseTransition.Trigger.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "rule", "evidence"], name="act_once_per_rule_and_evidence"
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id}: {self.rule} on {self.evidence} ({self.action})"


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


class NewsDismissal(models.Model):
    """A news card on Today the patient has read ("Got it"). Stored here rather than on the
    phone, so a card read on one device stays read on every other."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="news_dismissals"
    )
    card = models.CharField(max_length=120, help_text="The card's id (rehab/news.py).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "card"], name="one_dismissal_per_card")
        ]

    def __str__(self):
        return f"{self.card} read by {self.patient}"
