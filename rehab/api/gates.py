"""The gate result, as the enrolment endpoints return it (`gate`, and `evaluate`)."""

from rest_framework import serializers

from protocols import localise
from rehab import gate_words


class CriterionSerializer(serializers.Serializer):
    """One criterion's result, in plain words."""

    key = serializers.CharField()
    label = serializers.CharField()
    met = serializers.BooleanField()
    observed = serializers.JSONField(allow_null=True)
    target = serializers.JSONField(allow_null=True)
    explanation = serializers.CharField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # The engine's words in the request's language; the stored English otherwise.
        data["label"] = gate_words.label(instance)
        version = self.context.get("version")
        if version is not None and not instance.get("label_words"):
            # A label the definition wrote itself: its translation, from the version.
            data["label"] = localise.label(version, data["label"])
        data["explanation"] = gate_words.explanation(instance)
        return data


class GateSerializer(serializers.Serializer):
    """The one gate result: the decision about the phase the patient is in (`phase`), every
    criterion, and the triggers that caused a flare or hold. Stored after each evaluation
    and returned by `evaluate`; the patient's app and the dashboard both read it."""

    phase = serializers.CharField(required=False, help_text="The phase this gate is about.")
    to_phase = serializers.CharField(allow_null=True)
    mode = serializers.ChoiceField(choices=["auto", "review"], allow_null=True)
    decision = serializers.ChoiceField(choices=["advance", "ready_for_review", "hold", "flare"])
    summary = serializers.CharField()
    advice = serializers.CharField(required=False, help_text="What to do after a flare-up.")
    criteria = CriterionSerializer(many=True)
    flare_reasons = CriterionSerializer(many=True, required=False)
    hold_reasons = CriterionSerializer(many=True, required=False)
    blocked_by = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Open urgent red flags that stop any advance until the physio clears them.",
    )
    warnings = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Shown to patient and physio (e.g. too few strength sessions while running).",
    )
    evaluated_on = serializers.DateField()
    evaluated_at = serializers.DateTimeField(allow_null=True, required=False)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # The engine's words in the request's language; the stored English otherwise.
        data["summary"] = gate_words.summary(instance)
        if "warnings" in data:
            data["warnings"] = gate_words.warnings(instance)
        return data


def gate_view(enrolment) -> dict | None:
    """The contract's `gate` object from the latest evaluation."""
    snapshot = enrolment.gate_snapshot
    if not snapshot:
        return None
    return GateSerializer(
        {**snapshot, "evaluated_at": enrolment.evaluated_at}, context={"version": enrolment.version}
    ).data
