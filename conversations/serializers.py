from rest_framework import serializers


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=["patient", "physio", "clinic_admin", "system"])


class ConversationRowSerializer(serializers.Serializer):
    """One row of the conversation: a free message, a note the patient left on a log
    (`source` names the log), or a decision note (`source` names the transition)."""

    id = serializers.CharField(help_text="'message:12', 'checkin:<uuid>', 'transition:7'...")
    author = AuthorSerializer()
    kind = serializers.ChoiceField(choices=["note", "message", "decision"])
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    source = serializers.JSONField(
        allow_null=True,
        help_text="{type: checkin|session|run, id, date} or {type: transition, id, status, "
        "decision, to_phase, enrolment, date}; null for a free message.",
    )


class NewMessageSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)

    def validate_text(self, value):
        if not value.strip():
            raise serializers.ValidationError("Write a message.")
        return value


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField()
