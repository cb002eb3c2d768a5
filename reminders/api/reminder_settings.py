"""`me/reminders/`: the patient's reminder settings. Reminders are off until turned on."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from patients import access
from reminders import services
from reminders.keys import push_configured
from reminders.models import ReminderSettings


@extend_schema_field(
    {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "08:00"}
)
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
        child=serializers.IntegerField(min_value=0, max_value=6),
        max_length=7,
        required=False,
        help_text="Weekdays of planned sessions, 0 = Monday; empty: spread by the programme.",
    )
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
