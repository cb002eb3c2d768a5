from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.params import is_id
from protocols.models import Phase, Prescription, ProtocolVersion
from protocols.serializers import (
    ProtocolDetailSerializer,
    ProtocolSummarySerializer,
    VocabularySerializer,
    vocabulary_data,
)
from protocols.versions import current_protocol_versions, visible_protocol_versions


class ProtocolViewSet(viewsets.GenericViewSet):
    """The protocols in use at the caller's clinic, each at its current version."""

    lookup_field = "slug"
    lookup_value_regex = r"[a-z0-9-]+"
    serializer_class = ProtocolSummarySerializer

    def list(self, request):
        page = self.paginate_queryset(current_protocol_versions(request.user))
        return self.get_paginated_response(ProtocolSummarySerializer(page, many=True).data)

    @extend_schema(
        responses=ProtocolDetailSerializer,
        parameters=[
            OpenApiParameter(
                "version", int, description="A version a patient is enrolled on (default: current)."
            )
        ],
    )
    def retrieve(self, request, slug=None):
        wanted = request.query_params.get("version")
        if wanted is not None:
            if not is_id(wanted):
                raise serializers.ValidationError({"version": ["Give a version number, like 2."]})
            chosen = visible_protocol_versions(request.user).filter(
                protocol__slug=slug, number=int(wanted)
            )
            pk = chosen.values_list("pk", flat=True).first()
        else:
            current = {v.protocol.slug: v for v in current_protocol_versions(request.user)}
            pk = current[slug].pk if slug in current else None
        if pk is None:
            raise Http404
        version = (
            ProtocolVersion.objects.select_related("protocol")
            .prefetch_related(
                Prefetch(
                    "phases",
                    Phase.objects.prefetch_related(
                        Prefetch("prescriptions", Prescription.objects.select_related("exercise"))
                    ),
                ),
            )
            .get(pk=pk)
        )
        return Response(ProtocolDetailSerializer(version).data)


class VocabularyView(APIView):
    """The project's vocabulary for the front ends: measurement keys with their words,
    ranges and sides, red flags with severity and wording, and the words for the codes the
    API answers with. The same for everyone signed in."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=VocabularySerializer)
    def get(self, request):
        return Response(vocabulary_data())
