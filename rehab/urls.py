from django.urls import path
from rest_framework.routers import SimpleRouter

from rehab.api import (
    alerts,
    caseload,
    checkins,
    deleted_logs,
    enrolments,
    measurements,
    news,
    reviews,
    runs,
    sessions,
    today,
    treatments,
)

router = SimpleRouter()
router.register("enrolments", enrolments.EnrolmentViewSet, basename="enrolment")
router.register("checkins", checkins.CheckInViewSet, basename="checkin")
router.register("sessions", sessions.ExerciseSessionViewSet, basename="session")
router.register("runs", runs.RunViewSet, basename="run")
router.register("measurements", measurements.MeasurementViewSet, basename="measurement")
router.register("treatments", treatments.TreatmentViewSet, basename="treatment")
router.register("transitions", reviews.TransitionViewSet, basename="transition")
router.register("alerts", alerts.AlertViewSet, basename="alert")

urlpatterns = [
    path("today/", today.TodayView.as_view(), name="today"),
    path("caseload/", caseload.CaseloadView.as_view(), name="caseload"),
    path("news/<str:card>/dismiss/", news.DismissNewsView.as_view(), name="news-dismiss"),
    path(
        "patients/<int:pk>/deleted-logs/",
        deleted_logs.DeletedLogsView.as_view(),
        name="patient-deleted-logs",
    ),
    *router.urls,
]
