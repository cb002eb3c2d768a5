import datetime as dt

from rest_framework import serializers

from patients import access
from patients.models import Patient, User, validate_timezone


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

    def get_clinic(self, user) -> dict | None:
        patient = access.patient_of(user)
        clinic = patient.clinic if patient else user.clinic
        return {"id": clinic.id, "name": clinic.name} if clinic else None

    def get_patient_id(self, user) -> int | None:
        patient = access.patient_of(user)
        return patient.pk if patient else None


class CredentialsSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=20,
        help_text="The 6-digit code (TOTP) or a recovery code, for accounts with a second factor.",
    )


class PasswordResetSerializer(serializers.Serializer):
    email = serializers.EmailField()


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class OtpSerializer(serializers.Serializer):
    otp = serializers.CharField(max_length=20)


class TwoFactorSetupSerializer(serializers.Serializer):
    secret = serializers.CharField()
    uri = serializers.CharField()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class InviteAcceptSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, min_length=1)


class PatientSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.name", max_length=200)
    email = serializers.EmailField(source="user.email")
    clinic = ClinicRefSerializer(read_only=True)
    treating_physio = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True
    )
    timezone = serializers.CharField(max_length=64, validators=[validate_timezone])
    treating_physio_name = serializers.CharField(
        source="treating_physio.name", read_only=True, default=None
    )
    account_active = serializers.SerializerMethodField(
        help_text="Whether the patient has ever set a password (then no new invite can be sent)."
    )

    class Meta:
        model = Patient
        fields = [
            "id",
            "name",
            "email",
            "date_of_birth",
            "timezone",
            "phone",
            "clinic",
            "treating_physio",
            "treating_physio_name",
            "account_active",
            "created_at",
        ]
        read_only_fields = ["id", "clinic", "created_at"]

    def get_account_active(self, patient) -> bool:
        return patient.user.has_usable_password()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["treating_physio"].queryset = access.visible_staff(request.user)

    def validate_name(self, value):
        if not value.strip():
            raise serializers.ValidationError("Enter the patient's name.")
        return value

    def validate_date_of_birth(self, value):
        if value > dt.date.today():
            raise serializers.ValidationError("Date of birth cannot be in the future.")
        if value.year < 1900:
            raise serializers.ValidationError("Date of birth must be after 1900.")
        return value


class PatientCreatedSerializer(PatientSerializer):
    invite_token = serializers.CharField(read_only=True)

    class Meta(PatientSerializer.Meta):
        fields = PatientSerializer.Meta.fields + ["invite_token"]
