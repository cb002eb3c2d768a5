from django.urls import path

from privacy import api

urlpatterns = [
    path("me/data/", api.MyDataView.as_view(), name="my-data"),
    path("patients/<int:pk>/erase/", api.ErasePatientView.as_view(), name="patient-erase"),
    path("access-events/", api.AccessEventListView.as_view(), name="access-events"),
]
