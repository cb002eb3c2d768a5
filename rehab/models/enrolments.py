"""Enrolments: a patient on a protocol's version, on one side, and the moves between its
phases (applied, or pending the physio's decision)."""

from django.db import models
from simple_history.models import HistoricalRecords

from protocols.models import Phase, Protocol, ProtocolVersion


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


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
