"""`access-events/`: a clinic admin reads the clinic's access trail, newest first."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from config.filters import IdFilter, with_dates
from patients import access
from patients.api.people import PatientRefSerializer
from privacy.models import AccessEvent


class AccessEventSerializer(serializers.ModelSerializer):
    patient = serializers.SerializerMethodField()

    class Meta:
        model = AccessEvent
        fields = ["id", "created_at", "user", "user_email", "kind", "patient", "detail"]

    @extend_schema_field(PatientRefSerializer(allow_null=True))
    def get_patient(self, event) -> dict | None:
        if event.patient_id is None:
            return None
        return {"id": event.patient_id, "name": event.patient.name}


class AccessEventFilter(django_filters.FilterSet):
    patient = IdFilter(field_name="patient_id", what="patient's id", label="One patient's reads.")


class AccessEventListView(generics.ListAPIView):
    """The clinic's access trail, newest first: who read or downloaded what, and when."""

    permission_classes = [access.IsClinicAdmin]
    serializer_class = AccessEventSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = with_dates(AccessEventFilter, field="created_at__date")

    def get_queryset(self):
        return access.scope_to_exporter(
            AccessEvent.objects.select_related("patient__user"), self.request.user, owner="user"
        )
