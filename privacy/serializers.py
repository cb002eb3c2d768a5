from rest_framework import serializers

from privacy.models import AccessEvent, Erasure


class EraseRequestSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(
        help_text="true: erase this patient's every record and account, for good."
    )

    def validate_confirm(self, value):
        if value is not True:
            raise serializers.ValidationError(
                "Send confirm: true to erase this patient; it cannot be undone."
            )
        return value


class ErasureSerializer(serializers.ModelSerializer):
    erased_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Erasure
        fields = ["id", "erased_at", "erased_by", "erased_by_email", "rows", "files"]


class AccessEventSerializer(serializers.ModelSerializer):
    patient = serializers.SerializerMethodField()

    class Meta:
        model = AccessEvent
        fields = ["id", "created_at", "user", "user_email", "kind", "patient", "detail"]

    def get_patient(self, event) -> dict | None:
        if event.patient_id is None:
            return None
        return {"id": event.patient_id, "name": event.patient.name}
