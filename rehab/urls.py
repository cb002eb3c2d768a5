from django.urls import path
from rest_framework.routers import SimpleRouter

from rehab import api, enrolment_api

router = SimpleRouter()
router.register("enrolments", enrolment_api.EnrolmentViewSet, basename="enrolment")
router.register("checkins", api.CheckInViewSet, basename="checkin")
router.register("sessions", api.ExerciseSessionViewSet, basename="session")
router.register("runs", api.RunViewSet, basename="run")
router.register("measurements", api.MeasurementViewSet, basename="measurement")

urlpatterns = [
    path("today/", enrolment_api.TodayView.as_view(), name="today"),
    *router.urls,
]
