"""Read-only views of a protocol version: phases with their doses, gates in plain words."""

import dataclasses

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from protocols import vocabulary
from protocols.models import Exercise, Phase, Prescription, ProtocolVersion


class MediaSerializer(serializers.Serializer):
    image = serializers.CharField(allow_null=True, help_text="A drawing made for the project.")
    video = serializers.URLField(allow_null=True, help_text="The clinic's own video, if any.")


class ExerciseSerializer(serializers.ModelSerializer):
    media = serializers.SerializerMethodField()

    class Meta:
        model = Exercise
        fields = ["key", "name", "description", "cues", "hip_flexion", "media"]

    @extend_schema_field(MediaSerializer(allow_null=True))
    def get_media(self, exercise) -> dict | None:
        # The version being serialized holds the definition: no query per exercise.
        root = getattr(self.root, "instance", None)
        mine = isinstance(root, ProtocolVersion) and root.pk == exercise.version_id
        return (root if mine else exercise.version).exercise_media.get(exercise.key)


class PrescriptionSerializer(serializers.ModelSerializer):
    exercise = ExerciseSerializer()

    class Meta:
        model = Prescription
        fields = [
            "exercise",
            "sets",
            "reps",
            "hold_s",
            "load",
            "rest_s",
            "sessions_per_week",
            "notes",
            "unlock",
        ]


class PhaseSerializer(serializers.ModelSerializer):
    prescriptions = PrescriptionSerializer(many=True)

    class Meta:
        model = Phase
        fields = [
            "key",
            "name",
            "index",
            "aim",
            "avoid",
            "advice",
            "tracks",
            "typical_duration",
            "run_plan",
            "forbids_running",
            "step_back_into",
            "prescriptions",
        ]


class CriterionSerializer(serializers.Serializer):
    """A criterion record with its label in plain words added."""

    def to_representation(self, instance):
        record, zones = instance
        return {
            **record.model_dump(mode="json", exclude_none=True),
            "label": record.plain_label(zones),
        }


class ProtocolSummarySerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="protocol.slug")
    name = serializers.CharField(source="protocol.name")
    condition = serializers.CharField(source="protocol.condition")
    version = serializers.IntegerField(source="number")
    clinic = serializers.IntegerField(source="clinic_id", allow_null=True)

    class Meta:
        model = ProtocolVersion
        fields = ["slug", "name", "condition", "version", "clinic", "published_at"]


class ProtocolDetailSerializer(ProtocolSummarySerializer):
    phases = PhaseSerializer(many=True)
    gates = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    disclaimer = serializers.SerializerMethodField()
    tracks = serializers.SerializerMethodField()
    rules = serializers.SerializerMethodField()
    entry_criteria = serializers.SerializerMethodField()
    references = serializers.SerializerMethodField()

    class Meta(ProtocolSummarySerializer.Meta):
        fields = ProtocolSummarySerializer.Meta.fields + [
            "summary",
            "disclaimer",
            "tracks",
            "phases",
            "gates",
            "entry_criteria",
            "rules",
            "references",
        ]

    def get_gates(self, version) -> list[dict]:
        return [
            {
                "from_phase": gate.from_phase,
                "to_phase": gate.to_phase,
                "mode": gate.mode,
                "criteria": [CriterionSerializer((c, version.zones)).data for c in gate.criteria],
            }
            for gate in version.parsed.gates
        ]

    def get_summary(self, version) -> str:
        return version.parsed.summary

    def get_disclaimer(self, version) -> str:
        return version.parsed.disclaimer

    def get_tracks(self, version) -> list[dict]:
        return [t.model_dump(mode="json") for t in version.parsed.tracks]

    def get_rules(self, version) -> dict:
        rules = version.parsed.rules
        zones = version.zones

        def labelled(rule_set):
            return [CriterionSerializer((c, zones)).data for c in rule_set.when_any]

        return {
            "pain_zones": rules.pain_zones.model_dump(),
            "injection_washout_days": rules.injection_washout_days,
            "not_responding_weeks": rules.not_responding_weeks,
            "hold": labelled(rules.hold),
            "flare": {"action": rules.flare.action, "when_any": labelled(rules.flare)},
        }

    def get_entry_criteria(self, version) -> list[dict]:
        return [CriterionSerializer((c, version.zones)).data for c in version.parsed.entry_criteria]

    def get_references(self, version) -> list[dict]:
        return [r.model_dump(mode="json", exclude_none=True) for r in version.parsed.references]


class MeasureSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=vocabulary.MEASUREMENT_KEYS)
    group = serializers.ChoiceField(
        choices=["outcome", "function", "check", "clearance", "provocation"]
    )
    label = serializers.CharField(help_text="The clinician's name for it.")
    words = serializers.CharField(help_text="The patient's words for it.")
    unit = serializers.CharField(help_text="Empty for checks and provocation tests.")
    low = serializers.FloatField()
    high = serializers.FloatField()
    per_side = serializers.BooleanField(help_text="Recorded for each leg.")
    methods = serializers.ListField(child=serializers.CharField())
    values = serializers.DictField(
        child=serializers.CharField(),
        help_text="Words for the values of a yes/no or positive/negative key (1 and 0).",
    )


class RedFlagSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=vocabulary.RED_FLAG_KEYS)
    severity = serializers.ChoiceField(choices=["urgent", "routine"])
    message = serializers.CharField(help_text="The physio's alert.")
    question = serializers.CharField(help_text="Empty when the app derives it.")
    advice = serializers.CharField(help_text="What the patient is told after answering yes.")
    operative_only = serializers.BooleanField()
    stops_loading = serializers.BooleanField()
    stops_running = serializers.BooleanField()


class PainZonesSerializer(serializers.Serializer):
    """Pain 0-10: green up to `green_max`, amber up to `amber_max`, red above."""

    green_max = serializers.IntegerField()
    amber_max = serializers.IntegerField()


class CodeWordsSerializer(serializers.Serializer):
    needs = serializers.DictField(child=serializers.CharField())
    protocols = serializers.DictField(child=serializers.CharField())
    decisions = serializers.DictField(child=serializers.CharField())
    statuses = serializers.DictField(child=serializers.CharField())
    triggers = serializers.DictField(child=serializers.CharField())
    tracks = serializers.DictField(child=serializers.CharField())
    sides = serializers.DictField(child=serializers.CharField())
    criteria = serializers.DictField(child=serializers.CharField())


class VocabularySerializer(serializers.Serializer):
    measures = MeasureSerializer(many=True)
    red_flags = RedFlagSerializer(many=True)
    fields = serializers.DictField(
        child=serializers.CharField(), help_text="The logged fields in the patient's words."
    )
    words = CodeWordsSerializer()
    default_pain_zones = PainZonesSerializer(
        help_text="Each protocol version has its own; these are the defaults."
    )


def vocabulary_data() -> dict:
    green_max, amber_max = vocabulary.DEFAULT_ZONES
    return {
        "measures": [
            {
                **dataclasses.asdict(m),
                "words": vocabulary.MEASURE_WORDS[m.key],
                "values": vocabulary.VALUE_WORDS.get(m.group, {}),
            }
            for m in vocabulary.MEASURES
        ],
        "red_flags": [dataclasses.asdict(f) for f in vocabulary.RED_FLAGS],
        "fields": vocabulary.FIELD_WORDS,
        "words": vocabulary.CODE_WORDS,
        "default_pain_zones": {"green_max": green_max, "amber_max": amber_max},
    }
