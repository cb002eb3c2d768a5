"""`patients/<id>/erase/`: a clinic admin erases one of their clinic's patients."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from patients import access
from privacy import erasure
from privacy.models import Erasure


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


class ErasePatientView(APIView):
    permission_classes = [access.IsClinicAdmin]

    @extend_schema(request=EraseRequestSerializer, responses={200: ErasureSerializer})
    def post(self, request, pk: int):
        """Erase the patient: every record, history copy, export trace, token and the
        account. Only the erasure row (who, when, how many rows) stays."""
        patient = get_object_or_404(access.visible_patients(request.user), pk=pk)
        EraseRequestSerializer(data=request.data).is_valid(raise_exception=True)
        done = erasure.erase_patient(patient=patient, erased_by=request.user)
        return Response(ErasureSerializer(done).data, status=status.HTTP_200_OK)
