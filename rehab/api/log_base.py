"""What every log endpoint shares (check-ins, sessions, runs, measurements, treatments):
the token that brings the patient's first enrolment along, the `?patient=&from=&to=`
filters, the idempotent write (replay 200, conflict 409) and the date rule.

Patients write their own logs; staff read their clinic's and record measurements.
Every log serializer needs `context["patient"]` (whose log it is): dates are checked in
that patient's own time zone.
"""

import django_filters
from django.db.models import Min, OuterRef, Subquery
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.errors import error_response
from config.filters import FiltersOnList, IdFilter, chosen_id, with_dates
from config.throttling import WriteThrottle
from patients import access
from patients.auth import TokenAuthentication
from privacy import audit
from privacy.models import AccessEvent
from rehab import corrections, logs
from rehab.models import Enrolment

CONFLICT = error_response(
    "Same id with different content, or a second check-in for a date (`existing_id`)."
)
GONE = error_response("The same id as a log deleted since: it stays deleted.")
# Lazy: fields are built once, and each answer speaks its request's language.
PAIN_MESSAGE = gettext_lazy("Pain is a whole number from 0 (none) to 10 (worst imaginable).")


def pain(**kwargs):
    messages = {k: PAIN_MESSAGE for k in ("invalid", "min_value", "max_value", "max_string_length")}
    return serializers.IntegerField(min_value=0, max_value=10, error_messages=messages, **kwargs)


def bounded_int(low, high, what, **kwargs):
    message = format_lazy(
        gettext_lazy("{what} must be a whole number from {low} to {high}."),
        what=what,
        low=low,
        high=high,
    )
    messages = {k: message for k in ("invalid", "min_value", "max_value", "max_string_length")}
    return serializers.IntegerField(
        min_value=low, max_value=high, error_messages=messages, **kwargs
    )


def bounded_number(low, high, what, **kwargs):
    message = format_lazy(
        gettext_lazy("{what} must be a number from {low} to {high}."), what=what, low=low, high=high
    )
    messages = {k: message for k in ("invalid", "min_value", "max_value", "max_string_length")}
    return serializers.FloatField(min_value=low, max_value=high, error_messages=messages, **kwargs)


class LogSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(
        error_messages={
            "invalid": gettext_lazy(
                "The id must be a UUID made by the app (e.g. from crypto.randomUUID())."
            )
        }
    )
    patient = serializers.PrimaryKeyRelatedField(read_only=True)
    requires_enrolment = True

    def validate_date(self, value):
        patient = self.context["patient"]
        today = patient.local_today()
        if value > today:
            raise serializers.ValidationError(
                _("This date is in the future: today is %(today)s where you are.")
                % {"today": f"{today:%Y-%m-%d}"}
            )
        if self.requires_enrolment:
            first = self.context.get("first_enrolment_start")
            if first is None:
                raise serializers.ValidationError(
                    _("You are not on a programme yet, so there is nothing to log.")
                )
            if value < first:
                raise serializers.ValidationError(
                    _("This date is before your programme started (%(first)s).")
                    % {"first": f"{first:%Y-%m-%d}"}
                )
        return value


class CorrectionSerializer(serializers.Serializer):
    corrected_at = serializers.DateTimeField()
    original = serializers.DictField(help_text="Each corrected field's value as first entered.")


class CorrectedListSerializer(serializers.ListSerializer):
    """A page of logs reads the originals of its corrected rows in one query."""

    def to_representation(self, data):
        records = list(data.all() if hasattr(data, "all") else data)
        self.context["corrections"] = corrections.corrections_for(records)
        return super().to_representation(records)


class CorrectableLogSerializer(LogSerializer):
    """A log the patient may correct within 24 hours of entry: `correction` shows the
    physio what was first entered (null when never corrected)."""

    correction = serializers.SerializerMethodField()

    @extend_schema_field(CorrectionSerializer(allow_null=True))
    def get_correction(self, record) -> dict | None:
        known = self.context.get("corrections")
        if known is None:
            known = corrections.corrections_for([record])
        return known.get(record.pk)


class PatientFilter(django_filters.FilterSet):
    patient = IdFilter(
        field_name="patient_id", what="patient's id", label="Staff: one patient's records."
    )


LogFilter = with_dates(PatientFilter)


def log_schema(serializer):
    """Document a log endpoint: 201 new, 200 replay, 409 conflict, 410 deleted."""
    replay = OpenApiResponse(serializer, description="A replay of a stored record.")
    return extend_schema_view(
        create=extend_schema(responses={201: serializer, 200: replay, 409: CONFLICT, 410: GONE}),
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


class LogViewSet(FiltersOnList, viewsets.ModelViewSet):
    model = None
    authentication_classes = [LogTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, access.OnlyPatientsCreate, access.OnlyPatientsChange]
    throttle_classes = [WriteThrottle]
    throttle_scope = "writes"
    filterset_class = LogFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        records = access.scope_to_patient(self.model.objects.all(), self.request.user)
        return records.order_by("-date", "-created_at") if self.action == "list" else records

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.record_list_for(
            user=request.user,
            patient_id=chosen_id(request, "patient"),
            kind=AccessEvent.Kind.LOGS,
            detail=self.basename,
        )
        return response

    # --- who writes, and for which patient
    def writing_patient(self, data):
        """The patient a write is for (the permission classes let only a patient create)."""
        return access.patient_of(self.request.user)

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
        result = logs.create_log(model=self.model, patient=patient, data=data, user=request.user)
        # The answer reads the stored record through the same serializer (its fields are
        # built once per request); a record just written has no correction to look up.
        serializer.instance = result.record
        serializer.context["corrections"] = {}
        body = serializer.data
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        self.check_may_edit(record, fields=frozenset(request.data) - {"id"})
        serializer = self.serializer_for(
            record.patient, instance=record, data=request.data, partial=True
        )
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "id"}
        record = logs.update_log(record=record, data=data, user=request.user)
        return Response(self.get_serializer_class()(record, context=serializer.context).data)

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        self.check_may_edit(record)
        logs.delete_log(record=record, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def check_may_edit(self, record, fields: frozenset[str] = frozenset()):
        """Who may change the record is the permission classes'; this is when."""
        # Within 24 hours of entry; a pain after until the next check-in.
        corrections.check_correctable(record, fields=fields)
