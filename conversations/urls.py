from django.urls import path

from conversations.api import messages

urlpatterns = [
    path("messages/", messages.MyConversationView.as_view(), name="my-messages"),
    path("messages/unread/", messages.MyUnreadView.as_view(), name="my-messages-unread"),
    path(
        "patients/<int:pk>/messages/",
        messages.PatientConversationView.as_view(),
        name="patient-messages",
    ),
]
