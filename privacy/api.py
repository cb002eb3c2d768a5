"""Privacy endpoints. Thin: scope through `patients.access`, call a service.

- `GET me/data/`: a patient downloads everything held about them, as one zip.
- `POST patients/<id>/erase/`: a clinic admin erases one of their clinic's patients.
- `GET access-events/`: a clinic admin reads the clinic's access trail.
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from config.params import id_param
from exports.api import IsClinicAdmin
from patients import access
from privacy import audit, data_export, erasure
from privacy.models import AccessEvent
from privacy.serializers import AccessEventSerializer, EraseRequestSerializer, ErasureSerializer
from rehab.api import parse_date_filter


class MyDataView(APIView):
    permission_classes = [access.IsPatient]

    def perform_content_negotiation(self, request, force=False):
        # Errors are JSON even for a client that asked for the zip.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request):
        """Everything held about you: records (JSON), the FHIR bundle and the report (PDF)."""
        patient = access.patient_of(request.user)
        body = data_export.patient_data_zip(patient=patient)
        audit.record_download(
            user=request.user,
            clinic_id=patient.clinic_id,
            patient_id=patient.pk,
            kind=AccessEvent.Kind.DATA_DOWNLOAD,
        )
        response = HttpResponse(body, content_type="application/zip")
        name = f"my-rehab-data-{patient.local_today()}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


class ErasePatientView(APIView):
    permission_classes = [IsClinicAdmin]

    @extend_schema(request=EraseRequestSerializer, responses={200: ErasureSerializer})
    def post(self, request, pk: int):
        """Erase the patient: every record, history copy, export trace, token and the
        account. Only the erasure row (who, when, how many rows) stays."""
        patient = get_object_or_404(access.visible_patients(request.user), pk=pk)
        EraseRequestSerializer(data=request.data).is_valid(raise_exception=True)
        done = erasure.erase_patient(patient=patient, erased_by=request.user)
        return Response(ErasureSerializer(done).data, status=status.HTTP_200_OK)


@extend_schema(
    parameters=[
        OpenApiParameter("patient", int, description="One patient's reads."),
        OpenApiParameter("from", str, description="Earliest date (YYYY-MM-DD), inclusive."),
        OpenApiParameter("to", str, description="Latest date (YYYY-MM-DD), inclusive."),
    ]
)
class AccessEventListView(generics.ListAPIView):
    """The clinic's access trail, newest first: who read or downloaded what, and when."""

    permission_classes = [IsClinicAdmin]
    serializer_class = AccessEventSerializer

    def get_queryset(self):
        events = access.scope_to_exporter(
            AccessEvent.objects.select_related("patient__user"), self.request.user, owner="user"
        )
        if patient_id := id_param(self.request, "patient", "patient's id"):
            events = events.filter(patient_id=patient_id)
        if start := parse_date_filter(self.request, "from"):
            events = events.filter(created_at__date__gte=start)
        if end := parse_date_filter(self.request, "to"):
            events = events.filter(created_at__date__lte=end)
        return events
