"""Gate endpoints: evaluate, transitions, approve/decline, override, alerts. Thin views."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from config.params import id_param
from conversations.services import unread_for_staff
from patients import access
from rehab import alerts, caseload, reviews, services
from rehab.models import ActedEvidence, Alert, PhaseTransition


class EvidenceSerializer(serializers.ModelSerializer):
    """A record or episode a decision acted on, from the decision ledger."""

    class Meta:
        model = ActedEvidence
        fields = ["rule", "evidence", "evidence_on", "action", "trigger", "created_at"]


class TransitionSerializer(serializers.ModelSerializer):
    from_phase = serializers.CharField(source="from_phase.key")
    to_phase = serializers.CharField(source="to_phase.key", allow_null=True, default=None)
    actor = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(source="ledger", many=True, read_only=True)

    class Meta:
        model = PhaseTransition
        fields = ["id", "enrolment", "from_phase", "to_phase", "decision", "status", "trigger",
                  "actor", "note", "reason", "criteria", "evidence", "created_at", "decided_at",
                  "decided_by"]  # fmt: skip

    def get_actor(self, transition) -> str | None:
        return transition.actor.name if transition.actor else None

    def get_decided_by(self, transition) -> str | None:
        return transition.decided_by.name if transition.decided_by else None


class CriterionSerializer(serializers.Serializer):
    """One criterion's result, in plain words."""

    key = serializers.CharField()
    label = serializers.CharField()
    met = serializers.BooleanField()
    observed = serializers.JSONField(allow_null=True)
    target = serializers.JSONField(allow_null=True)
    explanation = serializers.CharField()


class GateSerializer(serializers.Serializer):
    """The one gate result: the decision about the phase the patient is in (`phase`), every
    criterion, and the triggers that caused a flare or hold. Stored after each evaluation
    and returned by `evaluate`; the patient's app and the dashboard both read it."""

    phase = serializers.CharField(required=False, help_text="The phase this gate is about.")
    to_phase = serializers.CharField(allow_null=True)
    mode = serializers.ChoiceField(choices=["auto", "review"], allow_null=True)
    decision = serializers.ChoiceField(choices=["advance", "ready_for_review", "hold", "flare"])
    summary = serializers.CharField()
    advice = serializers.CharField(required=False, help_text="What to do after a flare-up.")
    criteria = CriterionSerializer(many=True)
    flare_reasons = CriterionSerializer(many=True, required=False)
    hold_reasons = CriterionSerializer(many=True, required=False)
    blocked_by = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text="Open urgent red flags that stop any advance until the physio clears them.",
    )  # fmt: skip
    warnings = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text="Shown to patient and physio (e.g. too few strength sessions while running).",
    )  # fmt: skip
    evaluated_on = serializers.DateField()
    evaluated_at = serializers.DateTimeField(allow_null=True, required=False)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class OverrideSerializer(serializers.Serializer):
    to_phase = serializers.CharField(max_length=60)
    reason = serializers.CharField(max_length=2000)


class AlertSerializer(serializers.ModelSerializer):
    patient = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = ["id", "kind", "key", "severity", "patient", "enrolment", "message",
                  "created_at", "acknowledged_at"]  # fmt: skip

    def get_patient(self, alert) -> dict:
        return {"id": alert.patient_id, "name": alert.patient.user.name}


def pending_review(enrolment) -> dict | None:
    pending = next((t for t in enrolment.transitions.all() if t.status == "pending"), None)
    return TransitionSerializer(pending).data if pending else None


def gate_view(enrolment) -> dict | None:
    """The contract's `gate` object from the latest evaluation."""
    snapshot = enrolment.gate_snapshot
    if not snapshot:
        return None
    return GateSerializer({**snapshot, "evaluated_at": enrolment.evaluated_at}).data


class EnrolmentGateActions:
    """Mixed into the enrolment viewset: evaluate now, transitions, override."""

    @extend_schema(request=None, responses={200: GateSerializer})
    @action(detail=True, methods=["post"], permission_classes=[access.IsClinicStaff])
    def evaluate(self, request, pk=None):
        enrolment = get_object_or_404(self.get_queryset(), pk=pk)
        gate = services.evaluate(enrolment_id=enrolment.pk, trigger="physio", actor=request.user)
        return Response(GateSerializer(gate).data if gate else None)

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
            enrolment_id=enrolment.pk, to_phase_key=body.validated_data["to_phase"],
            reason=body.validated_data["reason"], user=request.user,
        )  # fmt: skip
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


class TransitionViewSet(viewsets.GenericViewSet):
    permission_classes = [access.IsClinicStaff]
    serializer_class = TransitionSerializer

    def get_queryset(self):
        return access.scope_to_patient(
            PhaseTransition.objects.all(), self.request.user, via="enrolment__patient"
        )  # noqa: E501

    def _decide(self, request, pk, decide):
        transition = get_object_or_404(self.get_queryset(), pk=pk)
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            decided = decide(
                transition_id=transition.pk,
                user=request.user,
                note=body.validated_data.get("note", ""),
            )  # noqa: E501
        except reviews.ApprovalRefused as refused:
            body = {"detail": str(refused), "reasons": refused.reasons}
            return Response(body, status=status.HTTP_409_CONFLICT)
        except reviews.DecisionConflict as conflict:
            return Response({"detail": str(conflict)}, status=status.HTTP_409_CONFLICT)
        return Response(TransitionSerializer(decided).data)

    @extend_schema(request=NoteSerializer, responses={200: TransitionSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, pk, reviews.approve)

    @extend_schema(request=NoteSerializer, responses={200: TransitionSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._decide(request, pk, reviews.decline)


class AlertViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The clinic's alerts, open first and newest first; `?mine=1` for the caller's patients,
    `?open=1` for unacknowledged ones, `?patient=<id>` for one patient."""

    permission_classes = [access.IsClinicStaff]
    serializer_class = AlertSerializer

    def get_queryset(self):
        rows = access.scope_to_patient(
            Alert.objects.select_related("patient__user"), self.request.user
        )  # noqa: E501
        params = self.request.query_params
        if params.get("mine") == "1":
            rows = rows.filter(patient__treating_physio=self.request.user)
        if params.get("open") == "1":
            rows = rows.filter(acknowledged_at__isnull=True)
        if patient_id := id_param(self.request, "patient", "patient's id"):
            rows = rows.filter(patient_id=patient_id)
        return rows

    @extend_schema(request=None, responses={200: AlertSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        alert = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(AlertSerializer(alerts.acknowledge(alert=alert, user=request.user)).data)


class CaseloadView(APIView):
    """The clinic's patients, most urgent first (`?mine=1`, `?q=name`)."""

    permission_classes = [access.IsClinicStaff]

    @extend_schema(
        parameters=[
            OpenApiParameter("mine", int, description="1: only the caller's patients."),
            OpenApiParameter("q", str, description="Part of a patient's name."),
        ],
        responses={200: dict},
    )
    def get(self, request):
        patients = caseload.caseload_patients(
            request.user,
            mine=request.query_params.get("mine") == "1",
            query=request.query_params.get("q", ""),
        )
        paginator = PageNumberPagination()
        unread = unread_for_staff(user=request.user, patient_ids=patients.values("pk"))
        ranked = caseload.ranked(patients, unread=unread)
        page = paginator.paginate_queryset(ranked, request, view=self)
        return paginator.get_paginated_response(caseload.rows(page))
