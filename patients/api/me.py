"""`me/`: the signed-in account, its settings and its second factor."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from patients import access, twofactor
from patients.models import User


class ClinicRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    clinic = serializers.SerializerMethodField()
    patient_id = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "clinic", "patient_id", "language"]
        # Only the language is the caller's to change here.
        read_only_fields = ["id", "email", "name", "role"]

    @extend_schema_field(ClinicRefSerializer(allow_null=True))
    def get_clinic(self, user) -> dict | None:
        patient = access.patient_of(user)
        clinic = patient.clinic if patient else user.clinic
        return {"id": clinic.id, "name": clinic.name} if clinic else None

    def get_patient_id(self, user) -> int | None:
        patient = access.patient_of(user)
        return patient.pk if patient else None


class OtpSerializer(serializers.Serializer):
    otp = serializers.CharField(max_length=20)


class TwoFactorSetupSerializer(serializers.Serializer):
    secret = serializers.CharField()
    uri = serializers.CharField()


class RecoveryCodesSerializer(serializers.Serializer):
    recovery_codes = serializers.ListField(
        child=serializers.CharField(), help_text="Each works once, in place of a code."
    )


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    def patch(self, request):
        """Change one's own settings: the language of the app, emails and reports."""
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


class TwoFactorSetupView(APIView):
    """Start (POST) adding an authenticator app to one's own account: the key and an
    otpauth:// URI. Confirm it with a code at `confirm/`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: TwoFactorSetupSerializer})
    def post(self, request):
        body = TwoFactorSetupSerializer(twofactor.start_setup(request.user)).data
        return Response(body, status=status.HTTP_201_CREATED)


class TwoFactorConfirmView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=OtpSerializer, responses={200: RecoveryCodesSerializer})
    def post(self, request):
        serializer = OtpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        confirmed = twofactor.confirm_setup(request.user, serializer.validated_data["otp"])
        if confirmed is None:
            raise ValidationError({"otp": ["That code is not correct. Try the newest one."]})
        return Response(RecoveryCodesSerializer({"recovery_codes": confirmed[1]}).data)
