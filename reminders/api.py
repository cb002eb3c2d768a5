"""Reminder endpoints. Thin: scope to the caller, parse, call a service.

- `GET push-subscriptions/key/`: the VAPID public key a browser subscribes with.
- `GET|POST push-subscriptions/`, `DELETE push-subscriptions/<id>/`: the caller's browsers.
- `GET|PATCH me/reminders/`: the patient's reminder settings.
- `POST reminders/stop/`: one tap to stop, from a notification or an email, by token.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.throttling import ScopedThrottle
from patients import access
from reminders import services
from reminders.keys import PushNotConfigured, push_configured, vapid_keys
from reminders.models import PushSubscription
from reminders.serializers import (
    PublicKeySerializer,
    PushSubscriptionSerializer,
    ReminderSettingsSerializer,
    StoppedSerializer,
    StopSerializer,
)


class PushUnavailable(APIException):
    status_code = 503
    default_detail = "Push notifications are not set up on this server; reminders come by email."
    default_code = "push_unavailable"


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

    @extend_schema(responses={200: PublicKeySerializer})
    @action(detail=False, methods=["get"], pagination_class=None)
    def key(self, request):
        """The server's VAPID public key, for PushManager.subscribe's applicationServerKey."""
        try:
            keys = vapid_keys()
        except PushNotConfigured:
            raise PushUnavailable()
        return Response({"public_key": keys.public_key})


class MyRemindersView(APIView):
    """Your reminder settings. Reminders are off until you turn them on."""

    permission_classes = [access.IsPatient]

    def _answer(self, chosen):
        context = {"push_available": push_configured()}
        return Response(ReminderSettingsSerializer(chosen, context=context).data)

    @extend_schema(responses={200: ReminderSettingsSerializer})
    def get(self, request):
        return self._answer(services.settings_of(access.patient_of(request.user)))

    @extend_schema(request=ReminderSettingsSerializer, responses={200: ReminderSettingsSerializer})
    def patch(self, request):
        patient = access.patient_of(request.user)
        serializer = ReminderSettingsSerializer(
            services.settings_of(patient), data=request.data, partial=True
        )
        serializer.is_valid(raise_exception=True)
        return self._answer(
            services.update_settings(patient=patient, changes=serializer.validated_data)
        )


class StopRemindersView(APIView):
    """Turn reminders off with the token in a reminder: no sign-in, one tap."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "login"

    @extend_schema(request=StopSerializer, responses={200: StoppedSerializer})
    def post(self, request):
        serializer = StopSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not services.stop_with_token(token=serializer.validated_data["token"]):
            return Response(
                {"token": ["This link is not valid. Turn reminders off in the app instead."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"enabled": False})
