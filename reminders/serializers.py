from urllib.parse import urlsplit

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reminders.keys import b64url_decode
from reminders.models import PushSubscription, ReminderSettings


class PublicKeySerializer(serializers.Serializer):
    public_key = serializers.CharField(
        help_text="VAPID public key, base64url (applicationServerKey)."
    )


def _base64url(value: str, *, length: int, what: str) -> str:
    try:
        raw = b64url_decode(value)
    except (ValueError, TypeError):
        raw = b""
    if len(raw) != length or (length == 65 and raw[0] != 4):
        raise serializers.ValidationError(f"Not a valid {what}.")
    return value


def known_push_service(endpoint: str) -> bool:
    """Only browser vendors' push services: the server POSTs to this address, so an
    arbitrary URL would let a caller aim requests at internal hosts."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    if settings.PUSH_ALLOW_LOOPBACK_HTTP and host == "127.0.0.1":
        return parts.scheme in ("http", "https")
    return parts.scheme == "https" and any(
        host == allowed.lstrip(".") or (allowed.startswith(".") and host.endswith(allowed))
        for allowed in settings.PUSH_SERVICE_HOSTS
    )


class SubscriptionKeysSerializer(serializers.Serializer):
    p256dh = serializers.CharField(max_length=200)
    auth = serializers.CharField(max_length=100)

    def validate_p256dh(self, value):
        return _base64url(value, length=65, what="P-256 public key (p256dh)")

    def validate_auth(self, value):
        return _base64url(value, length=16, what="auth secret")


class PushSubscriptionSerializer(serializers.ModelSerializer):
    """The browser's PushSubscription.toJSON(): {endpoint, keys: {p256dh, auth}}."""

    endpoint = serializers.URLField(max_length=1000)
    keys = SubscriptionKeysSerializer(write_only=True)

    class Meta:
        model = PushSubscription
        fields = ["id", "endpoint", "keys", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate_endpoint(self, value):
        if not known_push_service(value):
            raise serializers.ValidationError("This is not a known browser push service.")
        return value


@extend_schema_field({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                      "example": "08:00"})  # fmt: skip
class TimeField(serializers.TimeField):
    """Times as "HH:MM" (seconds are not a reminder's business)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], **kwargs)


class ReminderSettingsSerializer(serializers.ModelSerializer):
    checkin_time = TimeField(required=False, help_text='Local time, e.g. "08:00".')
    session_time = TimeField(required=False, help_text='Local time, e.g. "17:00".')
    quiet_start = TimeField(required=False, allow_null=True)
    quiet_end = TimeField(required=False, allow_null=True)
    session_days = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), max_length=7, required=False,
        help_text="Weekdays of planned sessions, 0 = Monday; empty: spread by the programme.",
    )  # fmt: skip
    timezone = serializers.CharField(source="patient.timezone", read_only=True)
    push_available = serializers.SerializerMethodField()

    class Meta:
        model = ReminderSettings
        fields = [
            "enabled",
            "checkin_time",
            "session_days_enabled",
            "session_days",
            "session_time",
            "quiet_start",
            "quiet_end",
            "channel",
            "timezone",
            "push_available",
        ]

    def get_push_available(self, obj) -> bool:
        return self.context.get("push_available", False)

    def validate_session_days(self, value):
        return sorted(set(value))

    def validate(self, data):
        start = data.get("quiet_start", getattr(self.instance, "quiet_start", None))
        end = data.get("quiet_end", getattr(self.instance, "quiet_end", None))
        if (start is None) != (end is None):
            raise serializers.ValidationError(
                {"quiet_end": ["Give both the start and the end of quiet hours, or neither."]}
            )
        return data


class StopSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200)


class StoppedSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()
