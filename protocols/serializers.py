"""Read-only views of a protocol version: phases with their doses, gates in plain words."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
