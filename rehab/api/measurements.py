"""`measurements/`: outcome scores (the patient's PHAT and VISA-H, or the clinician's) and
the clinician's tests and checks (staff only, read-only to the patient)."""

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated

from config.params import is_id
from patients import access
from protocols.vocabulary import MEASUREMENT_KEYS
from rehab import logs
from rehab.api.log_base import LogSerializer, LogViewSet, bounded_number, log_schema
from rehab.logs import PATIENT_MEASUREMENTS
from rehab.models import Measurement, Side

PER_SIDE = ("single_leg_bridge_reps", "single_leg_squat_reps")
VALUE_RANGES = {
    "phat": (0, 100),
    "visa_h": (0, 100),
    "knee_flexion_lsi": (0, 1000),  # a % (no side) or a side's raw strength (kg or N)
    "single_leg_bridge_reps": (0, 500),
    "single_leg_squat_reps": (0, 500),
    "single_leg_balance_s": (0, 3600),
    "pain_free_walk_min": (0, 600),
}


class MeasurementSerializer(LogSerializer):
    requires_enrolment = False  # clinician tests may precede the programme
    patient = serializers.PrimaryKeyRelatedField(read_only=True)
    key = serializers.ChoiceField(
        choices=MEASUREMENT_KEYS,
        error_messages={"invalid_choice": "'{input}' is not a measurement we record."},
    )
    value = bounded_number(0, 1000, "Value")
    side = serializers.ChoiceField(choices=Side.choices, required=False, allow_blank=True)
    method = serializers.ChoiceField(
        choices=["isometric", "10rm"], required=False, allow_blank=True
    )

    class Meta:
        model = Measurement
        fields = [
            "id",
            "patient",
            "date",
            "key",
            "value",
            "side",
            "method",
            "recorded_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["recorded_by"]

    def validate(self, attrs):
        key = attrs.get("key", getattr(self.instance, "key", None))
        value = attrs.get("value", getattr(self.instance, "value", None))
        if self.context.get("by_patient") and key not in PATIENT_MEASUREMENTS:
            raise serializers.ValidationError(
                {"key": ["Only your physio can record this; you can record PHAT and VISA-H."]}
            )
        if key in VALUE_RANGES:
            low, high = VALUE_RANGES[key]
            if not low <= float(value) <= high:
                raise serializers.ValidationError({"value": [f"{key} is from {low} to {high}."]})
        elif float(value) not in (0, 1):
            raise serializers.ValidationError(
                {"value": [f"{key} is recorded as 1 (yes/positive) or 0 (no/negative)."]}
            )
        if key in PER_SIDE and not attrs.get("side", getattr(self.instance, "side", "")):
            raise serializers.ValidationError({"side": [f"{key} is recorded per side."]})
        if key == "knee_flexion_lsi" and not attrs.get(
            "method", getattr(self.instance, "method", "")
        ):
            raise serializers.ValidationError(
                {"method": ["Record how strength was tested: 'isometric' or '10rm'."]}
            )
        return attrs


class ClinicianRecordedStaysTheirs(BasePermission):
    """A test or check staff recorded is read-only to the patient: the gates read it."""

    message = "Your physio recorded this, so only they can change or delete it."

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or access.patient_of(request.user) is None:
            return True
        return not logs.clinician_recorded(obj)


class StaffRecordedLogViewSet(LogViewSet):
    """A log staff record for a patient they name in the body."""

    permission_classes = [IsAuthenticated, access.PatientOrStaffCreate]

    def chosen_patient(self, data):
        """Staff name the patient in the body; it must be one of their clinic's."""
        patient_id = data.get("patient") if hasattr(data, "get") else None
        if patient_id in (None, ""):
            raise ValidationError({"patient": ["Choose the patient."]})
        if not is_id(patient_id):
            raise ValidationError({"patient": ["Give the patient's id, a number."]})
        return access.patient_chosen_by(self.request.user, patient_id)

    def extra_fields(self, patient, data):
        return {"recorded_by": self.request.user}

    def check_may_edit(self, record, fields: frozenset[str] = frozenset()):
        """Staff-recorded logs have no correction window."""


@log_schema(MeasurementSerializer)
class MeasurementViewSet(StaffRecordedLogViewSet):
    """Outcome scores (patient or clinician) and clinician tests and checks (staff only)."""

    model = Measurement
    serializer_class = MeasurementSerializer
    permission_classes = [*StaffRecordedLogViewSet.permission_classes, ClinicianRecordedStaysTheirs]

    def writing_patient(self, data):
        own = access.patient_of(self.request.user)
        if own is not None:
            return own
        return self.chosen_patient(data)
