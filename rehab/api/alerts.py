"""`alerts/`: the clinic's alerts for a human, and acknowledging one."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from config.filters import FiltersOnList, FlagFilter, IdFilter, with_dates
from patients import access
from patients.api.people import PatientRefSerializer
from rehab import alerts
from rehab.models import Alert


class AlertSerializer(serializers.ModelSerializer):
    patient = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = [
            "id",
            "kind",
            "key",
            "severity",
            "patient",
            "enrolment",
            "message",
            "created_at",
            "acknowledged_at",
        ]

    @extend_schema_field(PatientRefSerializer)
    def get_patient(self, alert) -> dict:
        return {"id": alert.patient_id, "name": alert.patient.user.name}


class AlertFilter(django_filters.FilterSet):
    mine = FlagFilter(method="only_mine", label="1: only the caller's patients.")
    open = FlagFilter(
        field_name="acknowledged_at", lookup_expr="isnull", label="1: only unacknowledged."
    )
    patient = IdFilter(field_name="patient_id", what="patient's id", label="One patient's.")

    def only_mine(self, rows, name, value):
        return rows.filter(patient__treating_physio=self.request.user) if value else rows


class AlertViewSet(FiltersOnList, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The clinic's alerts, open first and newest first; `?mine=1` for the caller's patients,
    `?open=1` for unacknowledged ones, `?patient=<id>` for one patient, `?from=&to=` by the
    day raised."""

    permission_classes = [access.IsClinicStaff]
    serializer_class = AlertSerializer
    filterset_class = with_dates(AlertFilter, field="created_at__date")

    def get_queryset(self):
        return access.scope_to_patient(
            Alert.objects.select_related("patient__user"), self.request.user
        )

    @extend_schema(request=None, responses={200: AlertSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        alert = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(AlertSerializer(alerts.acknowledge(alert=alert, user=request.user)).data)
