from django.urls import path
from rest_framework.routers import SimpleRouter

from exports import api

router = SimpleRouter()
router.register("exports", api.ExportViewSet, basename="export")

urlpatterns = [
    path(
        "patients/<int:pk>/report.pdf", api.PatientReportView.as_view(), name="patient-report-pdf"
    ),
    path(
        "patients/<int:pk>/report.html",
        api.PatientReportPageView.as_view(),
        name="patient-report-html",
    ),
    path("patients/<int:pk>/fhir/", api.PatientFhirView.as_view(), name="patient-fhir"),
    *router.urls,
]
