"""A patient's plan: the physio's adjustments to the current phase's prescriptions for one
enrolment. A change never edits a row: it adds a plan version holding the whole adjusted
list, with who changed what and why, so the history is the audit trail.

A plan belongs to one stay in one phase (the phase and when it began): when the phase
changes, the adjustments stop applying and the new phase starts from the protocol."""

from django.db import models


class PlanVersion(models.Model):
    class Kind(models.TextChoices):
        DOSE = "dose", "Dose changed"
        SWAP = "swap", "Exercise swapped"
        PAUSE = "pause", "Exercise paused"
        RESUME = "resume", "Exercise resumed"
        ADD = "add", "Exercise added"
        TEMPLATE = "template", "Template applied"

    enrolment = models.ForeignKey(
        "rehab.Enrolment", on_delete=models.CASCADE, related_name="plan_versions"
    )
    number = models.PositiveIntegerField(help_text="1, 2, 3... per enrolment, across phases.")
    phase = models.ForeignKey("protocols.Phase", on_delete=models.PROTECT, related_name="+")
    # The stay in the phase this plan belongs to (a phase entered again starts afresh).
    phase_started_on = models.DateField()
    phase_started_at = models.DateTimeField(null=True, blank=True)
    items = models.JSONField(help_text="The whole adjusted prescription list (plans.effective).")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    exercise = models.CharField(max_length=60, blank=True, help_text="The exercise changed.")
    summary = models.CharField(max_length=300, help_text="What changed, in words.")
    reason = models.TextField(max_length=1000)
    template = models.ForeignKey(
        "PlanTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        "patients.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrolment", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "number"], name="one_plan_number")
        ]

    def __str__(self):
        return f"Plan v{self.number} of enrolment {self.enrolment_id}: {self.summary}"


class PlanTemplate(models.Model):
    """A clinic's saved plan for one phase of one protocol, to apply to other patients."""

    clinic = models.ForeignKey(
        "patients.Clinic", on_delete=models.CASCADE, related_name="plan_templates"
    )
    name = models.CharField(max_length=120)
    protocol = models.ForeignKey("protocols.Protocol", on_delete=models.PROTECT, related_name="+")
    phase_key = models.CharField(max_length=60)
    phase_name = models.CharField(max_length=120)
    items = models.JSONField()
    created_by = models.ForeignKey(
        "patients.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="one_plan_template_name")
        ]

    def __str__(self):
        return self.name
