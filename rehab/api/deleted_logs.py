"""`patients/<id>/deleted-logs/`: the logs a patient deleted themselves, for the staff of
their clinic (`?from=&to=` on the log's date). Deleted logs are read nowhere else, so the
physio learns here that an entry went and when, not what it held."""

import django_filters
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, get_object_or_404

from config.filters import with_dates
from config.pages import page_of
from patients import access
from privacy import audit
from privacy.models import AccessEvent
from rehab import logs
from rehab.models import CheckIn

DeletedLogDates = with_dates(django_filters.FilterSet)


class DeletedLogSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=list(logs.PATIENT_DELETABLE))
    date = serializers.DateField(help_text="The log's own date (the patient's local date).")
    deleted_at = serializers.DateTimeField()


class DeletedLogsView(GenericAPIView):
    """The logs the patient deleted themselves, the latest deletion first."""

    permission_classes = [access.IsClinicStaff]
    serializer_class = DeletedLogSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="Earliest log date."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Latest log date."),
        ],
        responses={200: page_of(DeletedLogSerializer, name="DeletedLogPage")},
    )
    def get(self, request, pk):
        patient = get_object_or_404(access.visible_patients(request.user), pk=pk)
        dates = DeletedLogDates(request.query_params, queryset=CheckIn.objects.none())
        if not dates.is_valid():
            raise translate_validation(dates.errors)
        rows = logs.deleted_by_patient(
            patient,
            date_from=dates.form.cleaned_data.get("from"),
            date_to=dates.form.cleaned_data.get("to"),
        )
        audit.record_read(
            user=request.user, patient=patient, kind=AccessEvent.Kind.LOGS, detail="deleted-logs"
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DeletedLogSerializer(page, many=True).data)
