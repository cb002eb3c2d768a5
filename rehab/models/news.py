"""News cards on Today the patient has read."""

from django.db import models


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
