"""`questionnaire-responses/`: the patient answers (POST, idempotent on the client's id);
the patient reads their own, staff their clinic's. Each is also the `visa_h`/`phat`
measurement the gates and charts read."""

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.errors import error_response
from config.filters import FiltersOnList, IdFilter, chosen_id, with_dates
from config.throttling import WriteThrottle
from patients import access
from privacy import audit
from privacy.models import AccessEvent
from questionnaires import services
from questionnaires.models import QuestionnaireResponse
from questionnaires.schema import KEYS


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
    score = serializers.DecimalField(
        max_digits=4, decimal_places=1, read_only=True, coerce_to_string=False
    )
    version = serializers.IntegerField(source="version.number", read_only=True)

    class Meta:
        model = QuestionnaireResponse
        fields = [
            "id",
            "patient",
            "questionnaire",
            "version",
            "date",
            "answers",
            "score",
            "measurement",
            "created_at",
        ]
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


class ResponseFilter(django_filters.FilterSet):
    patient = IdFilter(
        field_name="patient_id", what="patient's id", label="Staff: one patient's responses."
    )
    questionnaire = django_filters.ChoiceFilter(
        choices=[(key, key) for key in KEYS], label="visa_h or phat."
    )


class PatientsAnswer(access.OnlyPatientsCreate):
    message = "Patients answer questionnaires themselves."


class QuestionnaireResponseViewSet(
    FiltersOnList, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Questionnaire responses: the patient answers (POST); the patient reads their own,
    staff their clinic's (`?patient=<id>`). Each is also the `visa_h`/`phat` measurement."""

    serializer_class = ResponseSerializer
    permission_classes = [IsAuthenticated, PatientsAnswer]
    filterset_class = with_dates(ResponseFilter)
    throttle_classes = [WriteThrottle]
    throttle_scope = "writes"

    def get_queryset(self):
        rows = access.scope_to_patient(
            QuestionnaireResponse.objects.select_related("version"), self.request.user
        )
        return rows.order_by("-date", "-created_at")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.record_list_for(
            user=request.user,
            patient_id=chosen_id(request, "patient"),
            kind=AccessEvent.Kind.LOGS,
            detail="questionnaire-responses",
        )
        return response

    @extend_schema(
        request=ResponseSerializer,
        responses={
            201: ResponseSerializer,
            200: OpenApiResponse(ResponseSerializer, description="A replay of a stored response."),
            409: error_response("Same id with different answers."),
        },
    )
    def create(self, request):
        patient = access.patient_of(request.user)  # PatientsAnswer lets only a patient here
        serializer = ResponseSerializer(data=request.data, context={"patient": patient})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = services.record_response(
            patient=patient,
            user=request.user,
            id=data["id"],
            questionnaire=data["questionnaire"],
            date=data["date"],
            answers=data["answers"],
        )
        body = ResponseSerializer(result.response).data
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )
