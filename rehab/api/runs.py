"""`runs/`: runs of the return-to-run plan; each feeds the patient's active return-to-run
enrolment."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from rehab.api.log_base import (
    CorrectableLogSerializer,
    CorrectedListSerializer,
    LogViewSet,
    bounded_int,
    bounded_number,
    log_schema,
    pain,
)
from rehab.models import Enrolment, Run


class RunSerializer(CorrectableLogSerializer):
    enrolment = serializers.PrimaryKeyRelatedField(read_only=True)
    level = bounded_int(1, 10, _("Level"))
    run_min = bounded_number(0, 300, _("Minutes run"))
    walk_min = bounded_number(0, 300, _("Minutes walked"), required=False, default=0)
    pain_during = pain()
    pain_after = pain()
    limp = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class Meta:
        list_serializer_class = CorrectedListSerializer
        model = Run
        fields = [
            "id",
            "patient",
            "date",
            "enrolment",
            "level",
            "run_min",
            "walk_min",
            "pain_during",
            "pain_after",
            "limp",
            "note",
            "created_at",
            "updated_at",
            "correction",
        ]


@log_schema(RunSerializer)
class RunViewSet(LogViewSet):
    """Runs of the return-to-run plan; they feed the patient's return-to-run enrolment."""

    model = Run
    serializer_class = RunSerializer

    def extra_fields(self, patient, data):
        enrolment = Enrolment.objects.filter(
            patient=patient, protocol__slug="return-to-run", status=Enrolment.Status.ACTIVE
        ).first()
        if enrolment is None:
            raise ValidationError({"level": [_("You are not on the return-to-run plan yet.")]})
        return {"enrolment": enrolment}
