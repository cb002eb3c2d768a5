"""`reminders/stop/`: turn reminders off with the token in a reminder, no sign-in."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.throttling import ScopedThrottle
from reminders import services


class StopSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200)


class StoppedSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()


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
            raise ValidationError(
                {"token": ["This link is not valid. Turn reminders off in the app instead."]}
            )
        return Response(StoppedSerializer({"enabled": False}).data)
