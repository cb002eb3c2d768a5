"""`treatments/`: what the physio records (injections, shockwave, surgery); patients read
theirs. An injection pauses the pain criteria for the protocol's washout days."""

from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated

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


class PhysioRecordsTreatments(access.OnlyStaffChange):
    """Staff record and change treatments; the patient reads theirs."""

    message = "Your physio records treatments."

    def has_permission(self, request, view):
        return view.action != "create" or access.patient_of(request.user) is None


@log_schema(TreatmentSerializer)
class TreatmentViewSet(StaffRecordedLogViewSet):
    """Treatments the physio records (injections, shockwave, surgery); patients read theirs.
    An injection pauses the pain criteria for the protocol's washout days."""

    model = Treatment
    serializer_class = TreatmentSerializer
    permission_classes = [IsAuthenticated, access.PatientOrStaffCreate, PhysioRecordsTreatments]

    def writing_patient(self, data):
        return self.chosen_patient(data)
