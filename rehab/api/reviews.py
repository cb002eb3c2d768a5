"""`transitions/<id>/approve/` and `decline/`: the physio decides a pending move. The rows
themselves are listed per enrolment (`enrolments/<id>/transitions/`)."""

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from config.errors import error_response
from patients import access
from rehab import reviews
from rehab.api.gates import CriterionSerializer
from rehab.models import ActedEvidence, PhaseTransition


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
    criteria = serializers.SerializerMethodField()

    class Meta:
        model = PhaseTransition
        fields = [
            "id",
            "enrolment",
            "from_phase",
            "to_phase",
            "decision",
            "status",
            "trigger",
            "actor",
            "note",
            "reason",
            "criteria",
            "evidence",
            "created_at",
            "decided_at",
            "decided_by",
        ]

    @extend_schema_field(CriterionSerializer(many=True))
    def get_criteria(self, transition) -> list[dict]:
        """The gate's criteria as they stood when the decision was proposed (stored)."""
        return transition.criteria

    def get_actor(self, transition) -> str | None:
        return transition.actor.name if transition.actor else None

    def get_decided_by(self, transition) -> str | None:
        return transition.decided_by.name if transition.decided_by else None


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


REFUSED = error_response(
    "Already decided, the patient moved on, or (approve) the gate no longer passes: the "
    "proposal is closed and `reasons` say why."
)


def pending_review(enrolment) -> dict | None:
    pending = next((t for t in enrolment.transitions.all() if t.status == "pending"), None)
    return TransitionSerializer(pending).data if pending else None


class TransitionViewSet(viewsets.GenericViewSet):
    permission_classes = [access.IsClinicStaff]
    serializer_class = TransitionSerializer

    def get_queryset(self):
        return access.scope_to_patient(
            PhaseTransition.objects.all(), self.request.user, via="enrolment__patient"
        )

    def _decide(self, request, pk, decide):
        transition = get_object_or_404(self.get_queryset(), pk=pk)
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decided = decide(
            transition_id=transition.pk,
            user=request.user,
            note=body.validated_data.get("note", ""),
        )
        return Response(TransitionSerializer(decided).data)

    @extend_schema(request=NoteSerializer, responses={200: TransitionSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, pk, reviews.approve)

    @extend_schema(request=NoteSerializer, responses={200: TransitionSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._decide(request, pk, reviews.decline)
