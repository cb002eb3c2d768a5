"""The OpenAPI shape of a paginated list that a plain APIView builds by hand, so the
schema says `{count, next, previous, results}` as the response really is."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


def page_of(serializer_class, *, name: str):
    return inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
