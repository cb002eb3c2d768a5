"""`protocols/`: the protocols in use at the caller's clinic, each at its current version
(or `?version=` one a patient is enrolled on): phases with their doses, gates in plain
words."""

import django_filters
from django.db.models import Prefetch
from django.http import Http404
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.filters import IdFilter
from protocols import localise
from protocols.api.vocabulary import PainZonesSerializer
from protocols.models import Exercise, Phase, Prescription, ProtocolVersion
from protocols.versions import current_protocol_versions, visible_protocol_versions
from protocols.vocabulary import TRACKS


class MediaSerializer(serializers.Serializer):
    image = serializers.CharField(allow_null=True, help_text="A drawing made for the project.")
    video = serializers.URLField(allow_null=True, help_text="The clinic's own video, if any.")


def version_of(serializer, row) -> ProtocolVersion:
    # The version being serialized holds the definition: no query per row.
    root = getattr(serializer.root, "instance", None)
    return root if isinstance(root, ProtocolVersion) and root.pk == row.version_id else row.version


def words(**kwargs):
    return serializers.ListField(child=serializers.CharField(), **kwargs)


class RunPlanSerializer(serializers.Serializer):
    repeats = serializers.IntegerField()
    run_min = serializers.FloatField()
    walk_min = serializers.FloatField()
    strides = serializers.CharField(required=False)


class ExerciseSerializer(serializers.ModelSerializer):
    cues = words()
    media = serializers.SerializerMethodField()

    class Meta:
        model = Exercise
        fields = ["key", "name", "description", "cues", "hip_flexion", "media"]

    @extend_schema_field(MediaSerializer(allow_null=True))
    def get_media(self, exercise) -> dict | None:
        return version_of(self, exercise).exercise_media.get(exercise.key)

    def to_representation(self, exercise):
        # In the request's language (protocols/localise.py).
        words = localise.exercise_words(version_of(self, exercise), exercise)
        return {**super().to_representation(exercise), **words}


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

    def to_representation(self, rx):
        phase = rx.phase
        words = localise.prescription_words(version_of(self, phase), phase.key, rx)
        return {**super().to_representation(rx), **words}


class PhaseSerializer(serializers.ModelSerializer):
    avoid = words()
    advice = words()
    tracks = serializers.ListField(
        child=serializers.ChoiceField(choices=TRACKS),
        allow_null=True,
        help_text="The tracks the phase belongs to; empty: every track.",
    )
    run_plan = RunPlanSerializer(allow_null=True, help_text="Return-to-run levels only.")
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

    def to_representation(self, phase):
        data = super().to_representation(phase)
        words = localise.phase_words(version_of(self, phase), phase)
        run_plan = words.pop("run_plan")
        if data["run_plan"] and "strides" in data["run_plan"]:
            data["run_plan"]["strides"] = run_plan["strides"]
        return {**data, **words}


class CriterionSerializer(serializers.Serializer):
    """A criterion record with its label in plain words added."""

    def to_representation(self, instance):
        record, version = instance
        label = record.plain_label(version.zones)
        return {
            **record.model_dump(mode="json", exclude_none=True),
            # A label the definition wrote itself comes with its translation.
            "label": localise.label(version, label) if record.label else label,
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


class RulesSerializer(serializers.Serializer):
    """The version's rules (PROTOCOLS.md section 2); hold and flare criteria in plain words."""

    pain_zones = PainZonesSerializer()
    injection_washout_days = serializers.IntegerField()
    not_responding_weeks = serializers.IntegerField()
    hold = serializers.ListField(child=serializers.DictField())
    flare = serializers.DictField()


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
                "criteria": [CriterionSerializer((c, version)).data for c in gate.criteria],
            }
            for gate in version.parsed.gates
        ]

    def get_summary(self, version) -> str:
        t = localise.translation(version)
        return t.summary if t and t.summary is not None else version.parsed.summary

    def get_disclaimer(self, version) -> str:
        t = localise.translation(version)
        return t.disclaimer if t and t.disclaimer is not None else version.parsed.disclaimer

    def get_tracks(self, version) -> list[dict]:
        return [t.model_dump(mode="json") for t in version.parsed.tracks]

    @extend_schema_field(RulesSerializer)
    def get_rules(self, version) -> dict:
        rules = version.parsed.rules

        def labelled(rule_set):
            return [CriterionSerializer((c, version)).data for c in rule_set.when_any]

        return {
            "pain_zones": rules.pain_zones.model_dump(),
            "injection_washout_days": rules.injection_washout_days,
            "not_responding_weeks": rules.not_responding_weeks,
            "hold": labelled(rules.hold),
            "flare": {"action": rules.flare.action, "when_any": labelled(rules.flare)},
        }

    def get_entry_criteria(self, version) -> list[dict]:
        return [CriterionSerializer((c, version)).data for c in version.parsed.entry_criteria]

    def get_references(self, version) -> list[dict]:
        return [r.model_dump(mode="json", exclude_none=True) for r in version.parsed.references]


class VersionFilter(django_filters.FilterSet):
    version = IdFilter(field_name="number", message="Give a version number, like 2.")


class ProtocolViewSet(viewsets.GenericViewSet):
    """The protocols in use at the caller's clinic, each at its current version."""

    lookup_field = "slug"
    lookup_value_regex = r"[a-z0-9-]+"
    serializer_class = ProtocolSummarySerializer

    def list(self, request):
        page = self.paginate_queryset(current_protocol_versions(request.user))
        return self.get_paginated_response(ProtocolSummarySerializer(page, many=True).data)

    @extend_schema(
        responses=ProtocolDetailSerializer,
        parameters=[
            OpenApiParameter(
                "version", int, description="A version a patient is enrolled on (default: current)."
            )
        ],
    )
    def retrieve(self, request, slug=None):
        if "version" in request.query_params:
            versions = VersionFilter(
                request.query_params,
                queryset=visible_protocol_versions(request.user).filter(protocol__slug=slug),
            )
            if not versions.is_valid():
                raise ValidationError(translate_validation(versions.errors).detail)
            pk = versions.qs.values_list("pk", flat=True).first()
        else:
            current = {v.protocol.slug: v for v in current_protocol_versions(request.user)}
            pk = current[slug].pk if slug in current else None
        if pk is None:
            raise Http404
        version = (
            ProtocolVersion.objects.select_related("protocol")
            .prefetch_related(
                Prefetch(
                    "phases",
                    Phase.objects.prefetch_related(
                        Prefetch("prescriptions", Prescription.objects.select_related("exercise"))
                    ),
                ),
            )
            .get(pk=pk)
        )
        return Response(ProtocolDetailSerializer(version).data)
