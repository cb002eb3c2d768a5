"""Plan endpoints. Thin: find the enrolment through the access rules, call a service.

Staff of the patient's clinic change the plan; the patient reads their own (a change by
them is 403: in scope, not theirs to make); anyone else meets 404."""

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.pages import page_of
from config.throttling import WriteThrottle
from patients import access
from plans import services
from plans.api.serializers import (
    ApplyTemplateSerializer,
    ChangedPlanSerializer,
    ChangeSerializer,
    NewTemplateSerializer,
    PlanSerializer,
    PlanTemplateSerializer,
    PlanVersionSerializer,
)
from plans.models import PlanTemplate
from rehab.models import Enrolment

DOSE = ("sets", "reps", "hold_s", "rest_s", "load", "sessions_per_week")


def enrolments(user) -> QuerySet:
    return access.scope_to_patient(
        Enrolment.objects.select_related("current_phase", "version", "protocol"), user
    ).prefetch_related("current_phase__prescriptions__exercise")


class StaffChangePlans(access.OnlyStaffChange):
    message = "Only the clinic's staff may change a patient's plan."


class EnrolmentPlanView(GenericAPIView):
    permission_classes = [IsAuthenticated, StaffChangePlans]
    throttle_classes = [WriteThrottle]
    throttle_scope = "writes"

    def enrolment(self) -> Enrolment:
        enrolment = get_object_or_404(enrolments(self.request.user), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, enrolment)
        return enrolment

    def plan_of(self, enrolment) -> dict:
        staff = access.is_clinic_staff(self.request.user)
        return PlanSerializer(services.plan(enrolment, for_staff=staff)).data


class PlanView(EnrolmentPlanView):
    """The patient's plan for the current phase: the protocol's prescriptions with the
    physio's adjustments applied (paused ones included, marked)."""

    @extend_schema(responses={200: PlanSerializer})
    def get(self, request, pk):
        return Response(self.plan_of(self.enrolment()))


class PlanChangesView(EnrolmentPlanView):
    """Every plan version of the enrolment, newest first; POST one change (a new version)."""

    serializer_class = PlanVersionSerializer

    @extend_schema(responses={200: page_of(PlanVersionSerializer, name="PlanVersionPage")})
    def get(self, request, pk):
        enrolment = self.enrolment()
        page = self.paginate_queryset(services.history([enrolment.pk]))
        return self.get_paginated_response(PlanVersionSerializer(page, many=True).data)

    @extend_schema(request=ChangeSerializer, responses={201: ChangedPlanSerializer})
    def post(self, request, pk):
        enrolment = self.enrolment()
        body = ChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        version = services.make_change(
            enrolment=enrolment,
            user=request.user,
            kind=data["kind"],
            exercise=data["exercise"],
            to_exercise=data.get("to_exercise"),
            dose={f: data[f] for f in DOSE if f in data},
            reason=data["reason"],
            based_on=data.get("based_on"),
        )
        row = PlanVersionSerializer(version).data
        return Response({**row, "plan": self.plan_of(enrolment)}, status=status.HTTP_201_CREATED)


class ApplyTemplateView(EnrolmentPlanView):
    """Lay one of the clinic's plan templates over this enrolment's phase (a new version)."""

    @extend_schema(request=ApplyTemplateSerializer, responses={201: ChangedPlanSerializer})
    def post(self, request, pk):
        enrolment = self.enrolment()
        body = ApplyTemplateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        template = templates(request.user).filter(pk=body.validated_data["template"]).first()
        if template is None:
            raise ValidationError({"template": ["No such template in your clinic."]})
        version = services.apply_template(
            enrolment=enrolment,
            template=template,
            user=request.user,
            reason=body.validated_data["reason"],
            based_on=body.validated_data.get("based_on"),
        )
        row = PlanVersionSerializer(version).data
        return Response({**row, "plan": self.plan_of(enrolment)}, status=status.HTTP_201_CREATED)


def templates(user) -> QuerySet:
    return access.scope_to_clinic(PlanTemplate.objects.select_related("protocol"), user)


class TemplateFilter(django_filters.FilterSet):
    protocol = django_filters.CharFilter(field_name="protocol__slug")
    phase = django_filters.CharFilter(field_name="phase_key")


class PlanTemplatesView(GenericAPIView):
    """The clinic's plan templates (`?protocol=<slug>&phase=<key>` to filter); POST saves an
    enrolment's current plan as one."""

    permission_classes = [access.IsClinicStaff]
    throttle_classes = [WriteThrottle]
    throttle_scope = "writes"
    serializer_class = PlanTemplateSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = TemplateFilter

    def get_queryset(self):
        return templates(self.request.user)

    @extend_schema(
        operation_id="v1_plan_templates_list",
        parameters=[
            OpenApiParameter("protocol", str, description="A protocol's slug."),
            OpenApiParameter("phase", str, description="A phase's key."),
        ],
        responses={200: page_of(PlanTemplateSerializer, name="PlanTemplatePage")},
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(PlanTemplateSerializer(page, many=True).data)

    @extend_schema(request=NewTemplateSerializer, responses={201: PlanTemplateSerializer})
    def post(self, request):
        body = NewTemplateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        enrolment = enrolments(request.user).filter(pk=body.validated_data["enrolment"]).first()
        if enrolment is None:
            raise ValidationError({"enrolment": ["No such enrolment in your clinic."]})
        template = services.save_template(
            enrolment=enrolment, user=request.user, name=body.validated_data["name"]
        )
        return Response(PlanTemplateSerializer(template).data, status=status.HTTP_201_CREATED)


class PlanTemplateView(GenericAPIView):
    permission_classes = [access.IsClinicStaff]
    serializer_class = PlanTemplateSerializer

    def get(self, request, pk):
        template = get_object_or_404(templates(request.user), pk=pk)
        return Response(PlanTemplateSerializer(template).data)

    def delete(self, request, pk):
        get_object_or_404(templates(request.user), pk=pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
