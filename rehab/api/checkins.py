"""`checkins/`: the patient's daily check-in (pain at rest and in the morning, sitting
tolerance, the load test, red flags). One per patient per date."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from rehab.alerts import REPORTABLE_RED_FLAGS
from rehab.api.log_base import (
    CorrectableLogSerializer,
    CorrectedListSerializer,
    LogViewSet,
    bounded_int,
    log_schema,
    pain,
)
from rehab.models import CheckIn


class CheckInSerializer(CorrectableLogSerializer):
    pain_rest = pain()
    pain_morning = pain()
    sitting_minutes = bounded_int(0, 600, _("Sitting minutes"), required=False, allow_null=True)
    load_test_pain = pain(required=False, allow_null=True)
    red_flags = serializers.ListField(
        child=serializers.ChoiceField(
            choices=REPORTABLE_RED_FLAGS,
            error_messages={"invalid_choice": "'{input}' is not a red-flag question we ask."},
        ),
        required=False,
        max_length=len(REPORTABLE_RED_FLAGS),
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class Meta:
        list_serializer_class = CorrectedListSerializer
        model = CheckIn
        fields = [
            "id",
            "patient",
            "date",
            "pain_rest",
            "pain_morning",
            "sitting_minutes",
            "load_test_pain",
            "red_flags",
            "note",
            "created_at",
            "updated_at",
            "correction",
        ]
        validators = []  # the (patient, date) rule is a 409 from the write service, not a 400

    def validate_red_flags(self, value):
        return sorted(set(value))


@log_schema(CheckInSerializer)
class CheckInViewSet(LogViewSet):
    """Daily check-ins: pain at rest and in the morning, sitting tolerance, load test, red flags."""

    model = CheckIn
    serializer_class = CheckInSerializer
