"""`treatments/`: what the physio records (injections, shockwave, surgery); patients read
theirs. An injection pauses the pain criteria for the protocol's washout days."""

from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from patients import access
from rehab.api.log_base import LogSerializer, log_schema
from rehab.api.measurements import StaffRecordedLogViewSet
from rehab.models import Side, Treatment


class TreatmentSerializer(LogSerializer):
    requires_enrolment = False  # an injection may come before the programme
    patient = serializers.PrimaryKeyRelatedField(read_only=True)
    kind = serializers.ChoiceField(
        choices=Treatment.Kind.choices,
        error_messages={
            "invalid_choice": "'{input}' is not a treatment we record: choose one of "
            + ", ".join(Treatment.Kind.values)
            + "."
        },
    )
    side = serializers.ChoiceField(choices=Side.choices, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class Meta:
        model = Treatment
        fields = [
            "id",
            "patient",
            "date",
            "kind",
            "side",
            "note",
            "recorded_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["recorded_by"]


@log_schema(TreatmentSerializer)
class TreatmentViewSet(StaffRecordedLogViewSet):
    """Treatments the physio records (injections, shockwave, surgery); patients read theirs.
    An injection pauses the pain criteria for the protocol's washout days."""

    model = Treatment
    serializer_class = TreatmentSerializer

    def writing_patient(self, data):
        if access.patient_of(self.request.user) is not None:
            raise PermissionDenied("Your physio records treatments.")
        return self.chosen_patient(data)

    def check_may_edit(self, record, fields: frozenset[str] = frozenset()):
        if not access.is_clinic_staff(self.request.user):
            raise PermissionDenied("Your physio records treatments.")
