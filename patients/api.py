"""People endpoints: sign-in, me, patients and invites. Thin: parse, call a service."""

from django.contrib.auth import authenticate, login, logout
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.throttling import ScopedThrottle
from patients import access, services
from patients.serializers import (
    CredentialsSerializer,
    InviteAcceptSerializer,
    MeSerializer,
    PatientCreatedSerializer,
    PatientSerializer,
    TokenSerializer,
)


def _authenticate(request, data) -> "access.User":
    serializer = CredentialsSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    user = authenticate(
        request,
        username=serializer.validated_data["email"].strip().lower(),
        password=serializer.validated_data["password"],
    )
    if user is None:
        raise AuthenticationFailed("Email or password is not correct.")
    return user


class LoginThrottled:
    permission_classes = [AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "login"


class TokenView(LoginThrottled, APIView):
    authentication_classes = []

    @extend_schema(request=CredentialsSerializer, responses={200: TokenSerializer})
    def post(self, request):
        user = _authenticate(request, request.data)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class LoginView(LoginThrottled, APIView):
    @extend_schema(request=CredentialsSerializer, responses={200: MeSerializer})
    def post(self, request):
        user = _authenticate(request, request.data)
        login(request, user)
        return Response(MeSerializer(user).data)


class LogoutView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteAcceptView(LoginThrottled, APIView):
    authentication_classes = []

    @extend_schema(request=InviteAcceptSerializer, responses={200: TokenSerializer})
    def post(self, request, token):
        serializer = InviteAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = services.accept_invite(
                token=token, password=serializer.validated_data["password"]
            )
        except services.InviteError as error:
            raise ValidationError({"detail": str(error)})
        token_obj, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token_obj.key})


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


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
        )
        patient.invite_token = token
        return Response(PatientCreatedSerializer(patient).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: TokenSerializer, 409: None})
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """Send a fresh invite (the earlier unused one stops working). Only for accounts
        never activated: an active one recovers by a password reset to its own email."""
        patient = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            token = services.issue_invite(patient=patient, created_by=request.user)
        except services.AlreadyActive as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response({"token": token}, status=status.HTTP_201_CREATED)
