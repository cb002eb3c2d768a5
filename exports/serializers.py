"""Request and response shapes of the export endpoints."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from exports.models import ExportJob, ExportRecord

DATE_ERRORS = {"invalid": "Use a date like 2026-03-31.", "required": "Give the {name} date."}
KINDS = " or ".join(ExportJob.Kind.values)


def date_field(name: str) -> serializers.DateField:
    errors = {key: message.format(name=name) for key, message in DATE_ERRORS.items()}
    return serializers.DateField(error_messages={**errors, "null": errors["required"]})


# Documented as the request body of an ExportJob ("ExportJobRequest"), so its `kind` shares
# the job's enum instead of clashing with the alerts' `kind`.
@extend_schema_serializer(component_name="ExportJob")
class ExportRequestSerializer(serializers.Serializer):
    """`{kind, from, to}`: `from` and `to` are dates, inclusive."""

    kind = serializers.ChoiceField(
        choices=ExportJob.Kind.choices,
        error_messages={
            "invalid_choice": f"'{{input}}' is not an export we make: choose {KINDS}.",
            "required": f"Choose the kind of export: {KINDS}.",
        },
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = date_field("first")  # `from` is a Python keyword
        fields["to"] = date_field("last")
        return fields

    def validate(self, attrs):
        if attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": ["The last date is before the first."]})
        return attrs


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ExportJobSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    created_by = PersonSerializer(allow_null=True)
    expired = serializers.BooleanField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "kind",
            "status",
            "progress",
            "download_url",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
            "expires_at",
            "expired",
            "rows",
            "error",
        ]

    def get_download_url(self, job) -> str:
        """A path under /api/v1/ for the same user; 409 until the job is done."""
        return reverse("export-download", args=[job.pk])

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(source="date_from", read_only=True)
        fields["to"] = serializers.DateField(source="date_to", read_only=True)
        return fields


class ExporterSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Empty once the account is erased.")
    email = serializers.CharField()


class ExportedPatientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ExportRecordSerializer(serializers.ModelSerializer):
    patient = serializers.SerializerMethodField()
    user = serializers.SerializerMethodField()

    class Meta:
        model = ExportRecord
        fields = [
            "id",
            "kind",
            "user",
            "patient",
            "clinic_wide",
            "job",
            "date_from",
            "date_to",
            "created_at",
        ]

    @extend_schema_field(ExporterSerializer)
    def get_user(self, record) -> dict:
        return {"id": record.user_id, "email": record.user_email}

    @extend_schema_field(ExportedPatientSerializer(allow_null=True))
    def get_patient(self, record) -> dict | None:
        if record.patient is None:
            return None
        return {"id": record.patient_id, "name": record.patient.user.name}
