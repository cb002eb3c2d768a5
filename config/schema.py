"""The OpenAPI schema's view of responses (drf-spectacular's AutoSchema, one adjustment)."""

from drf_spectacular import openapi
from drf_spectacular.plumbing import force_instance
from rest_framework import serializers


class AutoSchema(openapi.AutoSchema):
    """A model serializer's answer lists its model fields as required: DRF writes every one
    (an instance has them all), though a field with a default is optional on input. The
    front end's generated types then need no guard for fields that are always there."""

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        serializer = force_instance(serializer)
        if direction != "response" or not isinstance(serializer, serializers.ModelSerializer):
            return schema
        model_fields = {f.name for f in serializer.Meta.model._meta.get_fields()}
        always = {
            name
            for name, field in serializer.fields.items()
            if field.source.split(".")[0] in model_fields and name in schema.get("properties", {})
        }
        if always:
            schema["required"] = sorted(set(schema.get("required", [])) | always)
        return schema
