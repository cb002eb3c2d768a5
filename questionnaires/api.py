"""Questionnaires the patient answers: what is asked and when it is due, and responses
(patient writes, idempotent on the client's id; staff read their clinic's). Thin: parse,
scope, call a service."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from config.pages import page_of
from config.params import id_param
from patients import access
from privacy import audit
from privacy.models import AccessEvent
from questionnaires import scoring, services
from questionnaires.models import QuestionnaireResponse
from questionnaires.schema import KEYS
from rehab import logs
from rehab.api import WriteThrottle


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


def questionnaire_row(version, definition, due) -> dict:
    return {
        "key": definition.key,
        "name": definition.name,
        "version": version.number,
        "clinic_copy": version.clinic_id is not None,
        "source": definition.source,
        "intro": definition.intro,
        "scoring": definition.scoring.method,
        "due_on": due,
        "items": [item.model_dump(mode="json") for item in definition.items],
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


class ResponseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(
        error_messages={
            "invalid": "The id must be a UUID made by the app (e.g. from crypto.randomUUID())."
        }
    )
    questionnaire = serializers.ChoiceField(
        choices=KEYS,
        error_messages={"invalid_choice": "'{input}' is not a questionnaire: visa_h or phat."},
    )
    answers = serializers.JSONField(help_text="{item key: answer}")
    score = serializers.DecimalField(max_digits=4, decimal_places=1, read_only=True,
                                     coerce_to_string=False)  # fmt: skip
    version = serializers.IntegerField(source="version.number", read_only=True)

    class Meta:
        model = QuestionnaireResponse
        fields = ["id", "patient", "questionnaire", "version", "date", "answers", "score",
                  "measurement", "created_at"]  # fmt: skip
        read_only_fields = ["patient", "measurement", "created_at"]

    def validate_date(self, value):
        today = self.context["patient"].local_today()
        if value > today:
            raise serializers.ValidationError(
                f"This date is in the future: today is {today:%Y-%m-%d} where you are."
            )
        return value

    def validate_answers(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("Send the answers as {question key: answer}.")
        return value


class QuestionnaireResponseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Questionnaire responses: the patient answers (POST); the patient reads their own,
    staff their clinic's (`?patient=<id>`). Each is also the `visa_h`/`phat` measurement."""

    serializer_class = ResponseSerializer
    throttle_classes = [WriteThrottle]
    throttle_scope = "writes"

    def get_queryset(self):
        rows = access.scope_to_patient(
            QuestionnaireResponse.objects.select_related("version"), self.request.user
        )
        if self.action == "list":
            if patient_id := id_param(self.request, "patient", "patient's id"):
                rows = rows.filter(patient_id=patient_id)
            if key := self.request.query_params.get("questionnaire"):
                rows = rows.filter(questionnaire=key)
        return rows.order_by("-date", "-created_at")

    @extend_schema(parameters=[
        OpenApiParameter("patient", int, description="Staff: one patient's responses."),
        OpenApiParameter("questionnaire", str, description="visa_h or phat."),
    ])  # fmt: skip
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.record_list_for(
            user=request.user, patient_id=id_param(request, "patient"),
            kind=AccessEvent.Kind.LOGS, detail="questionnaire-responses",
        )  # fmt: skip
        return response

    @extend_schema(
        request=ResponseSerializer,
        responses={
            201: ResponseSerializer,
            200: OpenApiResponse(ResponseSerializer, description="A replay of a stored response."),
            409: OpenApiResponse(description="Same id with different answers."),
        },
    )
    def create(self, request):
        patient = access.patient_of(request.user)
        if patient is None:
            raise PermissionDenied("Patients answer questionnaires themselves.")
        serializer = ResponseSerializer(data=request.data, context={"patient": patient})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            result = services.record_response(
                patient=patient, user=request.user, id=data["id"],
                questionnaire=data["questionnaire"], date=data["date"], answers=data["answers"],
            )  # fmt: skip
        except scoring.InvalidAnswers as invalid:
            raise ValidationError({"answers": {k: [v] for k, v in invalid.problems.items()}})
        except logs.WriteConflict as conflict:
            return Response({"detail": str(conflict)}, status=status.HTTP_409_CONFLICT)
        body = ResponseSerializer(result.response).data
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )
