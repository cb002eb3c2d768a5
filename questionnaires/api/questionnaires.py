"""`questionnaires/`: the questionnaires the patient answers, with when each is next due."""

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from config.pages import page_of
from patients import access
from questionnaires import services
from questionnaires.schema import KEYS


class OptionSerializer(serializers.Serializer):
    value = serializers.JSONField()
    label = serializers.CharField()
    points = serializers.FloatField()


class ShownIfSerializer(serializers.Serializer):
    item = serializers.CharField()
    equals = serializers.JSONField()


class ItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    prompt = serializers.CharField()
    kind = serializers.ChoiceField(choices=["scale", "choice"])
    min = serializers.IntegerField(allow_null=True)
    max = serializers.IntegerField(allow_null=True)
    min_label = serializers.CharField()
    max_label = serializers.CharField()
    options = OptionSerializer(many=True)
    shown_if = ShownIfSerializer(allow_null=True)
    clinic_default = serializers.BooleanField(
        help_text="True where the item was not checked against the published instrument."
    )


class QuestionnaireSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=KEYS)
    name = serializers.CharField()
    version = serializers.IntegerField()
    clinic_copy = serializers.BooleanField()
    source = serializers.CharField()
    intro = serializers.CharField()
    scoring = serializers.CharField(
        help_text="'sum', or 'sum_scaled' (points over the most possible x 100)."
    )
    due_on = serializers.DateField(allow_null=True)
    items = ItemSerializer(many=True)


def item_row(item, text) -> dict:
    """An item in the request's language (English for whatever the translation leaves out)."""
    row = item.model_dump(mode="json")
    if text is None:
        return row
    for field in ("prompt", "min_label", "max_label"):
        if getattr(text, field) is not None:
            row[field] = getattr(text, field)
    if text.options is not None:
        row["options"] = [
            {**option, "label": label}
            for option, label in zip(row["options"], text.options, strict=True)
        ]
    return row


def questionnaire_row(version, definition, due) -> dict:
    language = (get_language() or "en").split("-")[0]
    translation = services.translation_of(version, definition, language)
    texts = translation.items if translation else {}
    return {
        "key": definition.key,
        "name": definition.name,
        "version": version.number,
        "clinic_copy": version.clinic_id is not None,
        "source": definition.source,
        "intro": translation.intro
        if translation and translation.intro is not None
        else definition.intro,
        "scoring": definition.scoring.method,
        "due_on": due,
        "items": [item_row(item, texts.get(item.key)) for item in definition.items],
    }


class QuestionnaireListView(APIView):
    """The questionnaires the patient answers, with when each is next due (the protocol's
    schedule: at enrolment, every 4 weeks, at a phase change; clinic defaults)."""

    permission_classes = [access.IsPatient]

    @extend_schema(responses={200: page_of(QuestionnaireSerializer, name="QuestionnairePage")})
    def get(self, request):
        patient = access.patient_of(request.user)
        rows = [questionnaire_row(*row) for row in services.questionnaires_for(patient)]
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(page)
