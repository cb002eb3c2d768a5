"""Log and enrolment payloads, with messages a patient or physio understands.

Every log serializer needs `context["patient"]` (whose log it is): dates are checked in
that patient's own time zone.
"""

from rest_framework import serializers

from protocols.vocabulary import MEASUREMENT_KEYS
from rehab.alerts import REPORTABLE_RED_FLAGS
from rehab.logs import PATIENT_MEASUREMENTS
from rehab.models import (
    CheckIn,
    Enrolment,
    ExerciseSession,
    Measurement,
    Run,
    Side,
    Treatment,
)

PAIN_MESSAGE = "Pain is a whole number from 0 (none) to 10 (worst imaginable)."


def pain(**kwargs):
    messages = {k: PAIN_MESSAGE for k in ("invalid", "min_value", "max_value", "max_string_length")}
    return serializers.IntegerField(min_value=0, max_value=10, error_messages=messages, **kwargs)


def bounded_int(low, high, what, **kwargs):
    message = f"{what} must be a whole number from {low} to {high}."
    messages = {k: message for k in ("invalid", "min_value", "max_value", "max_string_length")}
    return serializers.IntegerField(
        min_value=low, max_value=high, error_messages=messages, **kwargs
    )


def bounded_number(low, high, what, **kwargs):
    message = f"{what} must be a number from {low} to {high}."
    messages = {k: message for k in ("invalid", "min_value", "max_value", "max_string_length")}
    return serializers.FloatField(min_value=low, max_value=high, error_messages=messages, **kwargs)


class LogSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(
        error_messages={
            "invalid": "The id must be a UUID made by the app (e.g. from crypto.randomUUID())."
        }
    )
    patient = serializers.PrimaryKeyRelatedField(read_only=True)

    def validate_date(self, value):
        patient = self.context["patient"]
        today = patient.local_today()
        if value > today:
            raise serializers.ValidationError(
                f"This date is in the future: today is {today:%Y-%m-%d} where you are."
            )
        if self.requires_enrolment:
            first = self.context.get("first_enrolment_start")
            if first is None:
                raise serializers.ValidationError(
                    "You are not on a programme yet, so there is nothing to log."
                )
            if value < first:
                raise serializers.ValidationError(
                    f"This date is before your programme started ({first:%Y-%m-%d})."
                )
        return value

    requires_enrolment = True


class CheckInSerializer(LogSerializer):
    pain_rest = pain()
    pain_morning = pain()
    sitting_minutes = bounded_int(0, 600, "Sitting minutes", required=False, allow_null=True)
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
        ]
        validators = []  # the (patient, date) rule is a 409 from the write service, not a 400

    def validate_red_flags(self, value):
        return sorted(set(value))


class SessionExerciseSerializer(serializers.Serializer):
    exercise = serializers.CharField(max_length=60)
    sets = bounded_int(1, 20, "Sets", required=False, allow_null=True)
    reps = bounded_int(1, 200, "Reps", required=False, allow_null=True)
    hold_s = bounded_int(1, 600, "Hold seconds", required=False, allow_null=True)
    load_kg = bounded_number(0, 500, "Load (kg)", required=False, allow_null=True)


class ExerciseSessionSerializer(LogSerializer):
    enrolment = serializers.PrimaryKeyRelatedField(
        queryset=Enrolment.objects.none(),
        error_messages={"does_not_exist": "You have no programme with id {pk_value}."},
    )
    pain_during = pain()
    pain_after = pain()
    rpe = bounded_int(0, 10, "Effort (RPE)", required=False, allow_null=True)
    exercises = SessionExerciseSerializer(many=True, required=False, max_length=30)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class Meta:
        model = ExerciseSession
        fields = [
            "id",
            "patient",
            "date",
            "enrolment",
            "pain_during",
            "pain_after",
            "rpe",
            "exercises",
            "note",
            "created_at",
            "updated_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        patient = self.context.get("patient")
        if patient is not None:
            self.fields["enrolment"].queryset = Enrolment.objects.filter(patient=patient)

    def validate_enrolment(self, enrolment):
        if enrolment.status != Enrolment.Status.ACTIVE:
            raise serializers.ValidationError(
                "This programme has ended; log against an active one."
            )
        return enrolment

    def validate(self, attrs):
        enrolment = attrs.get("enrolment") or getattr(self.instance, "enrolment", None)
        exercises = attrs.get("exercises")
        if enrolment is not None and exercises:
            known = set(enrolment.version.exercises.values_list("key", flat=True))
            unknown = sorted({e["exercise"] for e in exercises} - known)
            if unknown:
                raise serializers.ValidationError(
                    {"exercises": [f"Not an exercise of your programme: {', '.join(unknown)}."]}
                )
        return attrs

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "exercises" in values:  # stored as plain JSON, without empty fields
            values["exercises"] = [
                {k: v for k, v in e.items() if v is not None} for e in values["exercises"]
            ]
        return values


class RunSerializer(LogSerializer):
    enrolment = serializers.PrimaryKeyRelatedField(read_only=True)
    level = bounded_int(1, 10, "Level")
    run_min = bounded_number(0, 300, "Minutes run")
    walk_min = bounded_number(0, 300, "Minutes walked", required=False, default=0)
    pain_during = pain()
    pain_after = pain()
    limp = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class Meta:
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
        ]


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
        fields = ["id", "patient", "date", "key", "value", "side", "method", "recorded_by",
                  "created_at", "updated_at"]  # fmt: skip
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
        fields = ["id", "patient", "date", "kind", "side", "note", "recorded_by",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["recorded_by"]
