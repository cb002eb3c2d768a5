from django.urls import path

from privacy.api import access_events, erasure, my_data

urlpatterns = [
    path("me/data/", my_data.MyDataView.as_view(), name="my-data"),
    path("patients/<int:pk>/erase/", erasure.ErasePatientView.as_view(), name="patient-erase"),
    path("access-events/", access_events.AccessEventListView.as_view(), name="access-events"),
]
