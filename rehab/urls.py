from django.urls import path
from rest_framework.routers import SimpleRouter

from rehab import api, enrolment_api, gate_api
from rehab.exports import api as export_api

router = SimpleRouter()
router.register("enrolments", enrolment_api.EnrolmentViewSet, basename="enrolment")
router.register("checkins", api.CheckInViewSet, basename="checkin")
router.register("sessions", api.ExerciseSessionViewSet, basename="session")
router.register("runs", api.RunViewSet, basename="run")
router.register("measurements", api.MeasurementViewSet, basename="measurement")
router.register("treatments", api.TreatmentViewSet, basename="treatment")
router.register("transitions", gate_api.TransitionViewSet, basename="transition")
router.register("alerts", gate_api.AlertViewSet, basename="alert")
router.register("exports", export_api.ExportViewSet, basename="export")

urlpatterns = [
    path("today/", enrolment_api.TodayView.as_view(), name="today"),
    path("caseload/", gate_api.CaseloadView.as_view(), name="caseload"),
    path(
        "patients/<int:pk>/report.pdf",
        export_api.PatientReportView.as_view(),
        name="patient-report-pdf",
    ),
    path(
        "patients/<int:pk>/report.html",
        export_api.PatientReportPageView.as_view(),
        name="patient-report-html",
    ),
    path("patients/<int:pk>/fhir/", export_api.PatientFhirView.as_view(), name="patient-fhir"),
    *router.urls,
]
