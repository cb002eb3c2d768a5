"""Log endpoints: check-ins, sessions, runs, measurements. Thin: scope, parse, call a service.

Patients write their own logs; staff read their clinic's and record measurements.
"""

from django.db.models import Min, OuterRef, Subquery
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from config.params import id_param, is_id
from config.throttling import ScopedThrottle
from patients import access
from patients.auth import TokenAuthentication
from privacy import audit
from privacy.models import AccessEvent
from rehab import logs
from rehab.models import CheckIn, Enrolment, ExerciseSession, Measurement, Run, Treatment
from rehab.serializers import (
    CheckInSerializer,
    ExerciseSessionSerializer,
    MeasurementSerializer,
    RunSerializer,
    TreatmentSerializer,
)

CONFLICT = OpenApiResponse(
    description="Same id with different content, or a second check-in for a date."
)  # noqa: E501
DATE_FILTERS = [
    OpenApiParameter("from", str, description="Earliest date (YYYY-MM-DD), inclusive."),
    OpenApiParameter("to", str, description="Latest date (YYYY-MM-DD), inclusive."),
    OpenApiParameter("patient", int, description="Staff: one patient's records."),
]


class WriteThrottle(ScopedThrottle):
    """Throttle writes only; reading is not limited."""

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


def parse_date_filter(request, name):
    from django.utils.dateparse import parse_date

    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        value = parse_date(raw)
    except ValueError:
        value = None
    if value is None:
        raise ValidationError({name: ["Use a date like 2026-03-31."]})
    return value


def log_schema(serializer):
    """Document a log endpoint: 201 new, 200 replay, 409 conflict."""
    replay = OpenApiResponse(serializer, description="A replay of a stored record.")
    return extend_schema_view(
        list=extend_schema(parameters=DATE_FILTERS),
        create=extend_schema(responses={201: serializer, 200: replay, 409: CONFLICT}),
        partial_update=extend_schema(responses={200: serializer, 409: CONFLICT}),
    )


class LogTokenAuthentication(TokenAuthentication):
    """The token, its user and patient, and the patient's first enrolment start, which
    the date rule of every log write reads, all in the one query."""

    def tokens(self):
        first = Enrolment.objects.filter(patient=OuterRef("user__patient"))
        first = first.order_by("start_date").values("start_date")[:1]
        return super().tokens().annotate(first_enrolment_start=Subquery(first))


class LogTokenScheme(KnoxTokenScheme):
    """The same `Authorization: Token <key>` header, named apart in the OpenAPI document:
    drf-spectacular keys a security scheme by the authentication class."""

    target_class = LogTokenAuthentication
    name = "logsApiToken"
    priority = 1


class LogViewSet(viewsets.ModelViewSet):
    model = None
    staff_may_write = False
    authentication_classes = [LogTokenAuthentication, SessionAuthentication]
    throttle_classes = [WriteThrottle]
    throttle_scope = "writes"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        records = access.scope_to_patient(self.model.objects.all(), self.request.user)
        if self.action != "list":
            return records
        if patient_id := id_param(self.request, "patient", "patient's id"):
            records = records.filter(patient_id=patient_id)
        if start := parse_date_filter(self.request, "from"):
            records = records.filter(date__gte=start)
        if end := parse_date_filter(self.request, "to"):
            records = records.filter(date__lte=end)
        return records.order_by("-date", "-created_at")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.record_list_for(user=request.user, patient_id=id_param(request, "patient"),
                              kind=AccessEvent.Kind.LOGS, detail=self.basename)  # fmt: skip
        return response

    # --- who writes, and for which patient
    def writing_patient(self, data):
        """The patient a write is for; PermissionDenied when the caller may not write it."""
        patient = access.patient_of(self.request.user)
        if patient is not None:
            return patient
        if not self.staff_may_write:
            raise PermissionDenied("Patients record these themselves.")
        raise ValidationError({"patient": ["Choose the patient."]})

    def serializer_for(self, patient, **kwargs):
        context = {**self.get_serializer_context(), "patient": patient}
        if patient is not None:
            context["first_enrolment_start"] = self.first_enrolment_start(patient)
        context["by_patient"] = access.patient_of(self.request.user) is not None
        return self.get_serializer_class()(context=context, **kwargs)

    def first_enrolment_start(self, patient):
        """Dates before it are refused. A patient's own token brought it along
        (LogTokenAuthentication); otherwise it takes a query."""
        token = self.request.auth
        if hasattr(token, "first_enrolment_start") and token.user_id == patient.user_id:
            return token.first_enrolment_start
        return patient.enrolments.aggregate(first=Min("start_date"))["first"]

    def extra_fields(self, patient, data) -> dict:
        return {}

    def create(self, request, *args, **kwargs):
        patient = self.writing_patient(request.data)
        serializer = self.serializer_for(patient, data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {
            **serializer.validated_data,
            **self.extra_fields(patient, serializer.validated_data),
        }
        try:
            result = logs.create_log(
                model=self.model, patient=patient, data=data, user=request.user
            )
        except logs.WriteConflict as conflict:
            return self.conflict(conflict)
        body = self.get_serializer_class()(result.record, context=serializer.context).data
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        self.check_may_edit(record)
        serializer = self.serializer_for(
            record.patient, instance=record, data=request.data, partial=True
        )
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "id"}
        try:
            record = logs.update_log(record=record, data=data, user=request.user)
        except logs.WriteConflict as conflict:
            return self.conflict(conflict)
        return Response(self.get_serializer_class()(record, context=serializer.context).data)

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        self.check_may_edit(record)
        logs.delete_log(record=record, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def check_may_edit(self, record):
        if access.patient_of(self.request.user) is None and not self.staff_may_write:
            raise PermissionDenied("Patients edit these themselves.")

    @staticmethod
    def conflict(conflict: logs.WriteConflict) -> Response:
        body = {"detail": str(conflict)}
        if conflict.existing_id is not None:
            body["existing_id"] = str(conflict.existing_id)
        return Response(body, status=status.HTTP_409_CONFLICT)


@log_schema(CheckInSerializer)
class CheckInViewSet(LogViewSet):
    """Daily check-ins: pain at rest and in the morning, sitting tolerance, load test, red flags."""

    model = CheckIn
    serializer_class = CheckInSerializer


@log_schema(ExerciseSessionSerializer)
class ExerciseSessionViewSet(LogViewSet):
    """Exercise sessions: the exercises done, with pain during and after."""

    model = ExerciseSession
    serializer_class = ExerciseSessionSerializer


@log_schema(RunSerializer)
class RunViewSet(LogViewSet):
    """Runs of the return-to-run plan; they feed the patient's return-to-run enrolment."""

    model = Run
    serializer_class = RunSerializer

    def extra_fields(self, patient, data):
        enrolment = Enrolment.objects.filter(
            patient=patient, protocol__slug="return-to-run", status=Enrolment.Status.ACTIVE
        ).first()
        if enrolment is None:
            raise ValidationError({"level": ["You are not on the return-to-run plan yet."]})
        return {"enrolment": enrolment}


@log_schema(MeasurementSerializer)
class MeasurementViewSet(LogViewSet):
    """Outcome scores (patient or clinician) and clinician tests and checks (staff only)."""

    model = Measurement
    serializer_class = MeasurementSerializer
    staff_may_write = True

    def writing_patient(self, data):
        own = access.patient_of(self.request.user)
        if own is not None:
            return own
        return self.chosen_patient(data)

    def chosen_patient(self, data):
        """Staff name the patient in the body; it must be one of their clinic's."""
        if not access.is_clinic_staff(self.request.user):
            raise PermissionDenied()
        patient_id = data.get("patient") if hasattr(data, "get") else None
        if patient_id in (None, ""):
            raise ValidationError({"patient": ["Choose the patient."]})
        if not is_id(patient_id):
            raise ValidationError({"patient": ["Give the patient's id, a number."]})
        return get_object_or_404(access.visible_patients(self.request.user), pk=patient_id)

    def extra_fields(self, patient, data):
        return {"recorded_by": self.request.user}

    def check_may_edit(self, record):
        if access.patient_of(self.request.user) is not None and logs.clinician_recorded(record):
            raise PermissionDenied(
                "Your physio recorded this, so only they can change or delete it."
            )


@log_schema(TreatmentSerializer)
class TreatmentViewSet(MeasurementViewSet):
    """Treatments the physio records (injections, shockwave, surgery); patients read theirs.
    An injection pauses the pain criteria for the protocol's washout days."""

    model = Treatment
    serializer_class = TreatmentSerializer

    def writing_patient(self, data):
        if access.patient_of(self.request.user) is not None:
            raise PermissionDenied("Your physio records treatments.")
        return self.chosen_patient(data)

    def check_may_edit(self, record):
        if not access.is_clinic_staff(self.request.user):
            raise PermissionDenied("Your physio records treatments.")
