"""`sessions/`: an exercise session of one programme, the exercises done (by key), with
pain during and after."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from rehab.api.log_base import (
    CorrectableLogSerializer,
    CorrectedListSerializer,
    LogViewSet,
    bounded_int,
    bounded_number,
    log_schema,
    pain,
)
from rehab.models import Enrolment, ExerciseSession


class SessionExerciseSerializer(serializers.Serializer):
    exercise = serializers.CharField(max_length=60)
    sets = bounded_int(1, 20, _("Sets"), required=False, allow_null=True)
    reps = bounded_int(1, 200, _("Reps"), required=False, allow_null=True)
    hold_s = bounded_int(1, 600, _("Hold seconds"), required=False, allow_null=True)
    load_kg = bounded_number(0, 500, _("Load (kg)"), required=False, allow_null=True)


class ExerciseSessionSerializer(CorrectableLogSerializer):
    enrolment = serializers.PrimaryKeyRelatedField(
        queryset=Enrolment.objects.none(),
        error_messages={"does_not_exist": _("You have no programme with id {pk_value}.")},
    )
    pain_during = pain()
    pain_after = pain()
    rpe = bounded_int(0, 10, _("Effort (RPE)"), required=False, allow_null=True)
    exercises = SessionExerciseSerializer(many=True, required=False, max_length=30)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class Meta:
        list_serializer_class = CorrectedListSerializer
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
            "correction",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        patient = self.context.get("patient")
        if patient is not None:
            self.fields["enrolment"].queryset = Enrolment.objects.filter(patient=patient)

    def validate_enrolment(self, enrolment):
        if enrolment.status != Enrolment.Status.ACTIVE:
            raise serializers.ValidationError(
                _("This programme has ended; log against an active one.")
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
                    {
                        "exercises": [
                            _("Not an exercise of your programme: %(keys)s.")
                            % {"keys": ", ".join(unknown)}
                        ]
                    }
                )
        return attrs

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "exercises" in values:  # stored as plain JSON, without empty fields
            values["exercises"] = [
                {k: v for k, v in e.items() if v is not None} for e in values["exercises"]
            ]
        return values


@log_schema(ExerciseSessionSerializer)
class ExerciseSessionViewSet(LogViewSet):
    """Exercise sessions: the exercises done, with pain during and after."""

    model = ExerciseSession
    serializer_class = ExerciseSessionSerializer
