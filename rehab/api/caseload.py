"""`caseload/`: the clinic's patients, most urgent first (`?mine=1`, `?q=name`)."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView

from config.filters import FlagFilter
from conversations.services import has_unread, unread_for_staff
from patients import access
from patients.api.people import PatientRefSerializer
from protocols.api.vocabulary import PainZonesSerializer
from rehab import caseload
from rehab.api.enrolments import PhaseRefSerializer


class CaseloadEnrolmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    protocol = serializers.CharField()
    phase = PhaseRefSerializer()
    days_in_phase = serializers.IntegerField()
    decision = serializers.CharField(allow_null=True, help_text="The stored gate's decision.")


class CaseloadRowSerializer(serializers.Serializer):
    patient = PatientRefSerializer()
    treating_physio = serializers.IntegerField(allow_null=True)
    enrolments = CaseloadEnrolmentSerializer(many=True)
    flags = serializers.ListField(
        child=serializers.CharField(), help_text="Open alert kinds, most urgent first."
    )
    needs = serializers.ListField(
        child=serializers.CharField(),
        help_text="Every reason the patient needs the physio, most urgent first: the open "
        "alert kinds, 'waiting_on_check' (named in waiting_on) and 'note' (unread notes).",
    )
    waiting_on = serializers.ListField(child=serializers.CharField())
    unread = serializers.IntegerField()
    pain_14d = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="The worst pain of each of the last 14 days, oldest first; null: no log.",
    )
    adherence_14d = serializers.IntegerField(allow_null=True, help_text="%; null: not judged.")
    last_logged = serializers.DateField(allow_null=True)
    pain_zones = PainZonesSerializer(
        help_text="The zones to colour pain_14d by: the strictest of the patient's programmes."
    )


class CaseloadFilter(django_filters.FilterSet):
    mine = FlagFilter(method="only_mine", label="1: only the caller's patients.")
    q = django_filters.CharFilter(
        field_name="user__name", lookup_expr="icontains", label="Part of a patient's name."
    )

    def only_mine(self, patients, name, value):
        return patients.filter(treating_physio=self.request.user) if value else patients


class CaseloadView(GenericAPIView):
    """The clinic's patients, most urgent first (`?mine=1`, `?q=name`)."""

    permission_classes = [access.IsClinicStaff]
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseloadFilter
    serializer_class = CaseloadRowSerializer

    def get_queryset(self):
        return access.visible_patients(self.request.user)

    @extend_schema(responses={200: CaseloadRowSerializer(many=True)})
    def get(self, request):
        patients = self.filter_queryset(self.get_queryset())
        ranked = caseload.ranked(patients, unread=has_unread(user=request.user))
        page = self.paginate_queryset(ranked)
        unread = unread_for_staff(user=request.user, patient_ids=[p.pk for p in page])
        rows = caseload.rows(page, unread=unread)
        return self.get_paginated_response(CaseloadRowSerializer(rows, many=True).data)
