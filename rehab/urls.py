from django.urls import path
from rest_framework.routers import SimpleRouter

from rehab import api, enrolment_api, gate_api

router = SimpleRouter()
router.register("enrolments", enrolment_api.EnrolmentViewSet, basename="enrolment")
router.register("checkins", api.CheckInViewSet, basename="checkin")
router.register("sessions", api.ExerciseSessionViewSet, basename="session")
router.register("runs", api.RunViewSet, basename="run")
router.register("measurements", api.MeasurementViewSet, basename="measurement")
router.register("treatments", api.TreatmentViewSet, basename="treatment")
router.register("transitions", gate_api.TransitionViewSet, basename="transition")
router.register("alerts", gate_api.AlertViewSet, basename="alert")

urlpatterns = [
    path("today/", enrolment_api.TodayView.as_view(), name="today"),
    path("caseload/", gate_api.CaseloadView.as_view(), name="caseload"),
    *router.urls,
]
