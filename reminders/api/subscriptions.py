"""`push-subscriptions/`: the caller's browsers that receive reminders, and the server's
VAPID public key they subscribe with (`key/`)."""

from urllib.parse import urlsplit

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.errors import error_response
from patients import access
from reminders import services
from reminders.keys import b64url_decode
from reminders.models import PushSubscription


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


UNAVAILABLE = error_response("Push is not set up on this server (no VAPID keys).")


class PushSubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's browsers that receive reminders. Others' subscriptions are 404."""

    permission_classes = [access.IsPatient]
    serializer_class = PushSubscriptionSerializer

    def get_queryset(self):
        return PushSubscription.objects.filter(user_id=self.request.user.pk)

    @extend_schema(responses={201: PushSubscriptionSerializer, 200: PushSubscriptionSerializer})
    def create(self, request, *args, **kwargs):
        """Store this browser's subscription: 201 when new, 200 when it was already stored."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subscription, created = services.subscribe(
            user=request.user,
            endpoint=data["endpoint"],
            p256dh=data["keys"]["p256dh"],
            auth=data["keys"]["auth"],
        )
        return Response(
            self.get_serializer(subscription).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(responses={200: PublicKeySerializer, 503: UNAVAILABLE})
    @action(detail=False, methods=["get"], pagination_class=None)
    def key(self, request):
        """The server's VAPID public key, for PushManager.subscribe's applicationServerKey."""
        return Response(PublicKeySerializer({"public_key": services.public_key()}).data)
