"""One conversation per patient: free messages are stored here; log notes and the
physio's decision notes stay where they were written and are read into the
conversation (conversations/services.py), so a correction or an erasure there shows
here at once."""

from django.db import models


class Message(models.Model):
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        "patients.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Message {self.pk} on patient {self.patient_id}"


class ReadMarker(models.Model):
    """How far one person has read one patient's conversation: the newest row they
    were shown. Everything after it from someone else is unread."""

    user = models.ForeignKey("patients.User", on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    seen_until = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "patient"], name="one_read_marker_per_reader")
        ]

    def __str__(self):
        return f"{self.user_id} read {self.patient_id} until {self.seen_until:%Y-%m-%d %H:%M}"
