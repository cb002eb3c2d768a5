"""`vocabulary/`: the project's words for the front ends (protocols/vocabulary.py)."""

import dataclasses

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from protocols import vocabulary
from protocols.zones import DEFAULT_ZONES, Zones


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


def pain_zones(zones: Zones) -> dict:
    """(green_max, amber_max) as PainZonesSerializer answers it."""
    green_max, amber_max = zones
    return {"green_max": green_max, "amber_max": amber_max}


def vocabulary_data() -> dict:
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
        "default_pain_zones": pain_zones(DEFAULT_ZONES),
    }


class VocabularyView(APIView):
    """The project's vocabulary for the front ends: measurement keys with their words,
    ranges and sides, red flags with severity and wording, and the words for the codes the
    API answers with. The same for everyone signed in."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=VocabularySerializer)
    def get(self, request):
        return Response(vocabulary_data())
