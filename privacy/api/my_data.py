"""`me/data/`: a patient downloads everything held about them, as one zip."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from patients import access
from privacy import audit, data_export
from privacy.models import AccessEvent


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
