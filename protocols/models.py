"""Protocols as versioned data. A published version never changes: enrolled patients
stay on the version they started, and an edit publishes a new version."""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models

from protocols.schema import Definition


class Protocol(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    condition = models.CharField(max_length=200)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.name


class ProtocolVersion(models.Model):
    """One immutable published version: shipped (no clinic) or a clinic's own copy."""

    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    clinic = models.ForeignKey(
        "patients.Clinic",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="protocol_versions",
        help_text="Empty for the shipped protocol; set for a clinic's own copy.",
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="copies"
    )
    content_hash = models.CharField(max_length=64)
    definition = models.JSONField(help_text="The validated definition document.")
    source = models.CharField(max_length=200)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        "patients.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["protocol__slug", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "number"], name="one_number_per_version")
        ]

    def __str__(self):
        owner = f", {self.clinic}" if self.clinic_id else ""
        return f"{self.protocol.slug} v{self.number}{owner}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(
                "A published protocol version cannot be changed; publish a new one."
            )
        super().save(*args, **kwargs)

    @cached_property
    def parsed(self) -> Definition:
        """The definition as typed records, for the gate engine and the API."""
        return Definition.model_validate(self.definition)

    @cached_property
    def exercise_media(self) -> dict[str, dict]:
        """Per exercise key, its media ({image, video}) as the definition gives them."""
        return {
            e["key"]: e["media"] for e in self.definition.get("exercises", []) if e.get("media")
        }

    @property
    def zones(self) -> tuple[int, int]:
        # From the stored document (validated when published): lists of enrolments read
        # their zones without parsing each version's whole definition.
        zones = self.definition["rules"]["pain_zones"]
        return (zones["green_max"], zones["amber_max"])


class Exercise(models.Model):
    """The exercise library of one version (copied with it, so old versions stay as they were)."""

    class HipFlexion(models.TextChoices):
        NONE = "none", "None"
        LOW = "low", "Low"
        MODERATE = "moderate", "Moderate"
        DEEP = "deep", "Deep"

    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="exercises")
    key = models.CharField(max_length=60)
    name = models.CharField(max_length=120)
    description = models.TextField()
    cues = models.JSONField(default=list)
    hip_flexion = models.CharField(max_length=10, choices=HipFlexion.choices)

    class Meta:
        ordering = ["version", "key"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_exercise_key_per_version")
        ]

    def __str__(self):
        return self.name


class Phase(models.Model):
    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="phases")
    key = models.CharField(max_length=60)
    index = models.PositiveIntegerField(help_text="0-based position in the version's phases.")
    name = models.CharField(max_length=120)
    aim = models.TextField()
    avoid = models.JSONField(default=list)
    advice = models.JSONField(default=list)
    tracks = models.JSONField(null=True, blank=True, help_text="Empty: every track.")
    typical_duration = models.CharField(max_length=200, blank=True)
    run_plan = models.JSONField(null=True, blank=True)
    forbids_running = models.BooleanField(
        default=False, help_text="No running in this phase (return-to-run is refused)."
    )
    step_back_into = models.BooleanField(
        default=True, help_text="A flare may propose stepping back into this phase."
    )

    class Meta:
        ordering = ["version", "index"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_phase_key_per_version"),
            models.UniqueConstraint(fields=["version", "index"], name="one_phase_per_index"),
        ]

    def __str__(self):
        return f"{self.version}: {self.name}"


class Prescription(models.Model):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="prescriptions")
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField()
    sets = models.PositiveIntegerField(null=True, blank=True)
    reps = models.PositiveIntegerField(null=True, blank=True)
    hold_s = models.PositiveIntegerField(null=True, blank=True)
    load = models.CharField(max_length=200, blank=True)
    rest_s = models.PositiveIntegerField(null=True, blank=True)
    sessions_per_week = models.FloatField()
    notes = models.TextField(blank=True)
    unlock = models.JSONField(
        null=True, blank=True, help_text="When it joins the list; empty: from the phase's start."
    )

    class Meta:
        ordering = ["phase", "order"]

    def __str__(self):
        return f"{self.phase.key}: {self.exercise.key}"
