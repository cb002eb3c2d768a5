"""Export endpoints. Thin: scope through `patients.access`, parse, call a service.

- A patient's report (PDF or HTML) and FHIR bundle: staff of the patient's clinic and
  the patient themselves; anyone else 404.
- Clinic-wide jobs: staff create and poll them; clinic admins list the clinic's jobs and
  the audit records, physios their own jobs.
"""

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from config.errors import error_response
from config.throttling import WriteThrottle
from exports import fhir, jobs, pdf, report
from exports.models import ExportJob, ExportRecord
from exports.serializers import (
    ExportJobSerializer,
    ExportRecordSerializer,
    ExportRequestSerializer,
)
from patients import access
from privacy import audit
from privacy.models import AccessEvent

PRIVATE = "private, no-store"
NOT_FOUND = error_response("Not in your scope (or no such patient).")


class JsonErrors:
    """Answers errors as JSON whatever the client accepts (a PDF or zip client too); the
    files themselves are plain responses."""

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


class FileView(JsonErrors, APIView):
    def patient(self, request, pk):
        return get_object_or_404(access.visible_patients(request.user), pk=pk)

    @staticmethod
    def audit(request, patient, kind):
        jobs.record_export(
            user=request.user, kind=kind, clinic_id=patient.clinic_id, patient=patient
        )
        read = AccessEvent.Kind.FHIR if kind == ExportRecord.Kind.FHIR else AccessEvent.Kind.REPORT
        audit.record_read(user=request.user, patient=patient, kind=read, detail=kind)


class PatientReportView(FileView):
    """The patient's progress report as a PDF (`report.pdf`) or a web page (`report.html`)."""

    as_pdf = True

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: NOT_FOUND},
        description="Staff of the patient's clinic and the patient may download it.",
    )
    def get(self, request, pk: int):
        patient = self.patient(request, pk)
        context = report.patient_report(patient=patient)
        if not self.as_pdf:
            # The page's one <style> block runs under the Content-Security-Policy's nonce.
            context["csp_nonce"] = str(request.csp_nonce)
        html = pdf.render_html("exports/patient_report.html", context)
        if not self.as_pdf:
            self.audit(request, patient, ExportRecord.Kind.REPORT_HTML)
            response = HttpResponse(html, content_type="text/html; charset=utf-8")
        else:
            body = pdf.html_to_pdf(html)
            self.audit(request, patient, ExportRecord.Kind.REPORT_PDF)
            response = HttpResponse(body, content_type="application/pdf")
            name = f"progress-report-{slugify(patient.name)}-{patient.local_today()}.pdf"
            response["Content-Disposition"] = f'inline; filename="{name}"'
        response["Cache-Control"] = PRIVATE
        return response


class PatientReportPageView(PatientReportView):
    as_pdf = False

    @extend_schema(responses={(200, "text/html"): OpenApiTypes.STR, 404: NOT_FOUND})
    def get(self, request, pk: int):
        return super().get(request, pk)


class PatientFhirView(FileView):
    """The patient's record as a FHIR R4 Bundle (collection), validated resource by resource."""

    @extend_schema(responses={(200, "application/fhir+json"): OpenApiTypes.OBJECT, 404: NOT_FOUND})
    def get(self, request, pk: int):
        patient = self.patient(request, pk)
        bundle = fhir.patient_bundle(patient=patient)
        self.audit(request, patient, ExportRecord.Kind.FHIR)
        response = HttpResponse(bundle.model_dump_json(), content_type="application/fhir+json")
        response["Cache-Control"] = PRIVATE
        return response


class ExportViewSet(
    JsonErrors, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Clinic-wide exports as background jobs: start one, poll it, download its file."""

    permission_classes = [access.IsClinicStaff]
    serializer_class = ExportJobSerializer
    throttle_classes = [WriteThrottle]
    throttle_scope = "writes"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        jobs_ = ExportJob.objects.select_related("created_by")
        return access.scope_to_exporter(jobs_, self.request.user)

    @extend_schema(request=ExportRequestSerializer, responses={202: ExportJobSerializer})
    def create(self, request):
        body = ExportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        job = jobs.start_job(
            user=request.user, kind=data["kind"], date_from=data["from"], date_to=data["to"]
        )
        job.refresh_from_db()  # with tasks in-process it may already have run
        return Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={
            (200, "application/zip"): OpenApiTypes.BINARY,
            409: error_response("Not ready yet, or failed."),
            410: error_response("The file has expired."),
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        job = get_object_or_404(self.get_queryset().select_related("clinic"), pk=pk)
        handle = jobs.open_download(job)
        audit.record_download(
            user=request.user,
            clinic_id=job.clinic_id,
            kind=AccessEvent.Kind.EXPORT_DOWNLOAD,
            detail=f"export {job.pk} ({job.kind})",
        )
        response = FileResponse(
            handle, as_attachment=True, filename=job.file_name, content_type="application/zip"
        )
        response["Cache-Control"] = PRIVATE
        return response

    @extend_schema(responses=ExportRecordSerializer(many=True))
    @action(detail=False, methods=["get"], permission_classes=[access.IsClinicAdmin])
    def records(self, request):
        """Every export of the clinic (who, what, which patient or clinic-wide, when)."""
        rows = ExportRecord.objects.select_related("patient__user")
        page = self.paginate_queryset(access.scope_to_exporter(rows, request.user, owner="user"))
        return self.get_paginated_response(ExportRecordSerializer(page, many=True).data)
