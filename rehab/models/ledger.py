"""The decision ledger: the evidence a rule has acted on, so that it acts on it once."""

from django.db import models

from rehab.models.enrolments import Enrolment, PhaseTransition


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
