from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from patients import access
from protocols.models import Phase, Prescription, ProtocolVersion
from protocols.serializers import ProtocolDetailSerializer, ProtocolSummarySerializer


class ProtocolViewSet(viewsets.GenericViewSet):
    """The protocols in use at the caller's clinic, each at its current version."""

    lookup_field = "slug"
    lookup_value_regex = r"[a-z0-9-]+"
    serializer_class = ProtocolSummarySerializer

    def list(self, request):
        page = self.paginate_queryset(access.current_protocol_versions(request.user))
        return self.get_paginated_response(ProtocolSummarySerializer(page, many=True).data)

    @extend_schema(responses=ProtocolDetailSerializer)
    def retrieve(self, request, slug=None):
        current = {v.protocol.slug: v for v in access.current_protocol_versions(request.user)}
        if slug not in current:
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
            .get(pk=current[slug].pk)
        )
        return Response(ProtocolDetailSerializer(version).data)
