"""`enrolments/`: staff put a patient on a protocol; staff and the patient read it. The
gate actions live here too: evaluate now, the transitions, a physio's override, and
resuming a paused return-to-run plan."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.filters import FiltersOnList, IdFilter, chosen_id
from patients import access
from patients.models import Patient
from privacy import audit
from privacy.models import AccessEvent
from protocols.api.vocabulary import PainZonesSerializer, pain_zones
from protocols.versions import current_protocol_versions
from rehab import enrolments, reviews, services
from rehab.api.gates import GateSerializer, gate_view
from rehab.api.reviews import TransitionSerializer, pending_review
from rehab.models import Enrolment, PhaseTransition, Side


class PhaseRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    index = serializers.IntegerField()


class EnrolmentSerializer(serializers.ModelSerializer):
    protocol = serializers.CharField(source="protocol.slug")
    version = serializers.IntegerField(source="version.number")
    current_phase = PhaseRefSerializer()
    gate = serializers.SerializerMethodField()
    pending_review = serializers.SerializerMethodField()
    pain_zones = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "patient",
            "protocol",
            "version",
            "track",
            "side",
            "status",
            "start_date",
            "injury_date",
            "surgery_date",
            "tendons",
            "retraction_cm",
            "current_phase",
            "phase_started_on",
            "completed_on",
            "gate",
            "pending_review",
            "created_at",
            "running_paused_since",
            "running_paused_reason",
            "pain_zones",
        ]

    @extend_schema_field(GateSerializer(allow_null=True))
    def get_gate(self, enrolment) -> dict | None:
        return gate_view(enrolment)

    @extend_schema_field(TransitionSerializer(allow_null=True))
    def get_pending_review(self, enrolment) -> dict | None:
        return pending_review(enrolment)

    @extend_schema_field(PainZonesSerializer)
    def get_pain_zones(self, enrolment) -> dict:
        """The zones of the enrolment's protocol version (a clinic copy may change them)."""
        return pain_zones(enrolment.version.zones)


class EnrolmentCreateSerializer(serializers.Serializer):
    patient = serializers.PrimaryKeyRelatedField(
        queryset=Patient.objects.none(),
        error_messages={"does_not_exist": "No patient with id {pk_value} in your clinic."},
    )
    protocol = serializers.SlugField()
    track = serializers.ChoiceField(
        choices=["operative", "non_operative"], required=False, allow_null=True
    )
    side = serializers.ChoiceField(
        choices=Side.choices, error_messages={"invalid_choice": "Side is 'left' or 'right'."}
    )
    start_date = serializers.DateField()
    injury_date = serializers.DateField(required=False, allow_null=True)
    surgery_date = serializers.DateField(required=False, allow_null=True)
    tendons = serializers.IntegerField(min_value=1, max_value=3, required=False, allow_null=True)
    retraction_cm = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=50, required=False, allow_null=True
    )
    entry_confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The physio confirms the plan's entry checklist (return-to-run): one "
        "`rtr_entry_confirmed` check is recorded on the start date.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["patient"].queryset = access.visible_patients(request.user)

    def validate_protocol(self, slug):
        user = self.context["request"].user
        current = {v.protocol.slug: v for v in current_protocol_versions(user)}
        if slug not in current:
            known = ", ".join(sorted(current)) or "none loaded"
            raise serializers.ValidationError(f"Unknown protocol '{slug}' (known: {known}).")
        return current[slug]

    def validate(self, attrs):
        version = attrs["protocol"]
        track_keys = {t.key for t in version.parsed.tracks}
        if attrs.get("track") and attrs["track"] not in track_keys:
            raise serializers.ValidationError(
                {"track": [f"The {version.protocol.slug} protocol has no tracks to choose."]}
            )
        local_today = attrs["patient"].local_today()
        for name in ("injury_date", "surgery_date"):
            words = name.replace("_", " ").capitalize()
            if attrs.get(name) and attrs[name] > attrs["start_date"]:
                raise serializers.ValidationError(
                    {name: [f"{words} cannot be after the start date."]}
                )
            if attrs.get(name) and attrs[name] > local_today:
                raise serializers.ValidationError({name: [f"{words} cannot be in the future."]})
        injury, surgery = attrs.get("injury_date"), attrs.get("surgery_date")
        if injury and surgery and injury > surgery:
            raise serializers.ValidationError(
                {"injury_date": ["Injury date cannot be after the surgery date."]}
            )
        if attrs["start_date"] > local_today:
            raise serializers.ValidationError(
                {"start_date": ["The start date cannot be in the future."]}
            )
        return attrs


class OverrideSerializer(serializers.Serializer):
    to_phase = serializers.CharField(max_length=60)
    reason = serializers.CharField(max_length=2000)


class EnrolmentFilter(django_filters.FilterSet):
    patient = IdFilter(field_name="patient_id", what="patient's id", label="One patient's.")


def enrolment_queryset(user):
    return (
        access.scope_to_patient(Enrolment.objects.all(), user)
        .select_related("protocol", "version", "current_phase")
        .prefetch_related(
            Prefetch(
                "transitions",
                PhaseTransition.objects.select_related(
                    "from_phase", "to_phase", "actor", "decided_by"
                ).prefetch_related("ledger"),
            )
        )
    )


class MayEnrol(access.IsClinicStaff):
    """Reading is for anyone the access rules let see the enrolment; enrolling is staff's."""

    message = "Only clinic staff may enrol patients."

    def has_permission(self, request, view):
        return view.action != "create" or super().has_permission(request, view)


class EnrolmentViewSet(
    FiltersOnList,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAuthenticated, MayEnrol]
    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentFilter

    def get_queryset(self):
        return enrolment_queryset(self.request.user).order_by("-created_at")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.record_list_for(
            user=request.user,
            patient_id=chosen_id(request, "patient"),
            kind=AccessEvent.Kind.LOGS,
            detail="enrolments",
        )
        return response

    @extend_schema(request=EnrolmentCreateSerializer, responses={201: EnrolmentSerializer})
    def create(self, request):
        serializer = EnrolmentCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enrolment = enrolments.enrol(
            patient=data.pop("patient"),
            version=data.pop("protocol"),
            created_by=request.user,
            **data,
        )
        body = EnrolmentSerializer(enrolment_queryset(request.user).get(pk=enrolment.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: GateSerializer})
    @action(detail=True, methods=["post"], permission_classes=[access.IsClinicStaff])
    def evaluate(self, request, pk=None):
        enrolment = get_object_or_404(self.get_queryset(), pk=pk)
        gate = services.evaluate(enrolment_id=enrolment.pk, trigger="physio", actor=request.user)
        context = {"version": enrolment.version}
        return Response(GateSerializer(gate, context=context).data if gate else None)

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        enrolment = get_object_or_404(self.get_queryset(), pk=pk)
        rows = enrolment.transitions.select_related(
            "from_phase", "to_phase", "actor", "decided_by"
        ).prefetch_related("ledger")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(TransitionSerializer(page, many=True).data)

    def _move(self, request, pk, move):
        """A physio's move to a phase they name, with their reason: override or resume."""
        enrolment = get_object_or_404(self.get_queryset(), pk=pk)
        body = OverrideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        transition = move(
            enrolment_id=enrolment.pk,
            to_phase_key=body.validated_data["to_phase"],
            reason=body.validated_data["reason"],
            user=request.user,
        )
        return Response(TransitionSerializer(transition).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OverrideSerializer, responses={201: TransitionSerializer})
    @action(detail=True, methods=["post"], permission_classes=[access.IsClinicStaff])
    def override(self, request, pk=None):
        return self._move(request, pk, reviews.override)

    @extend_schema(request=OverrideSerializer, responses={201: TransitionSerializer})
    @action(detail=True, methods=["post"], permission_classes=[access.IsClinicStaff])
    def resume(self, request, pk=None):
        """Resume a paused return-to-run plan at the level the physio chooses."""
        return self._move(request, pk, reviews.resume_running)
