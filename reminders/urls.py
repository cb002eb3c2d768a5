from django.urls import path
from rest_framework.routers import SimpleRouter

from reminders.api import reminder_settings, stop, subscriptions

router = SimpleRouter()
router.register(
    "push-subscriptions", subscriptions.PushSubscriptionViewSet, basename="push-subscription"
)

urlpatterns = [
    path("me/reminders/", reminder_settings.MyRemindersView.as_view(), name="my-reminders"),
    path("reminders/stop/", stop.StopRemindersView.as_view(), name="reminders-stop"),
    *router.urls,
]
