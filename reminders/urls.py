from django.urls import path
from rest_framework.routers import SimpleRouter

from reminders import api

router = SimpleRouter()
router.register("push-subscriptions", api.PushSubscriptionViewSet, basename="push-subscription")

urlpatterns = [
    path("me/reminders/", api.MyRemindersView.as_view(), name="my-reminders"),
    path("reminders/stop/", api.StopRemindersView.as_view(), name="reminders-stop"),
    *router.urls,
]
