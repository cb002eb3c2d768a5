"""`patients/`: the clinic's patients, for its staff. Creating one sends an invite;
`invite/` sends a fresh one to an account never activated."""

import datetime as dt

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from config.errors import error_response
from patients import access, services
from patients.api.auth import TokenSerializer
from patients.api.me import ClinicRefSerializer
from patients.models import Patient, User, validate_timezone
from privacy import audit
from privacy.models import AccessEvent


class PatientRefSerializer(serializers.Serializer):
    """A patient as other resources name one: `{id, name}`."""

    id = serializers.IntegerField()
    name = serializers.CharField()


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


ALREADY_ACTIVE = error_response("The account was activated once: a password reset instead.")


class PatientViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The clinic's patients, for its staff. Creating one sends an invite."""

    permission_classes = [access.IsClinicStaff]
    serializer_class = PatientSerializer

    def get_queryset(self):
        return access.visible_patients(self.request.user).order_by("user__name", "id")

    def retrieve(self, request, *args, **kwargs):
        patient = self.get_object()
        audit.record_read(user=request.user, patient=patient, kind=AccessEvent.Kind.PATIENT)
        return Response(self.get_serializer(patient).data)

    @extend_schema(request=PatientSerializer, responses={201: PatientCreatedSerializer})
    def create(self, request):
        serializer = PatientSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        patient, token = services.create_patient(
            created_by=request.user,
            name=data["user"]["name"],
            email=data["user"]["email"],
            date_of_birth=data["date_of_birth"],
            timezone_name=data["timezone"],
            treating_physio=data.get("treating_physio"),
            phone=data.get("phone", ""),
        )
        patient.invite_token = token
        return Response(PatientCreatedSerializer(patient).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: TokenSerializer, 409: ALREADY_ACTIVE})
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """Send a fresh invite (the earlier unused one stops working). Only for accounts
        never activated: an active one recovers by a password reset to its own email."""
        patient = get_object_or_404(self.get_queryset(), pk=pk)
        token = services.issue_invite(patient=patient, created_by=request.user)
        return Response({"token": token}, status=status.HTTP_201_CREATED)
