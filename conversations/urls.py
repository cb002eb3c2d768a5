from django.urls import path

from conversations import api

urlpatterns = [
    path("messages/", api.MyConversationView.as_view(), name="my-messages"),
    path("messages/unread/", api.MyUnreadView.as_view(), name="my-messages-unread"),
    path(
        "patients/<int:pk>/messages/",
        api.PatientConversationView.as_view(),
        name="patient-messages",
    ),
]
