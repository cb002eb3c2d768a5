"""People endpoints: sign-in, me, patients and invites. Thin: parse, call a service."""

from django.contrib.auth import login, logout
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.queueing import queue_or_run
from config.throttling import ScopedThrottle
from patients import access, services, signin, twofactor
from patients.serializers import (
    CredentialsSerializer,
    InviteAcceptSerializer,
    MeSerializer,
    OtpSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetSerializer,
    PatientCreatedSerializer,
    PatientSerializer,
    TokenSerializer,
    TwoFactorSetupSerializer,
)
from privacy import audit
from privacy.models import AccessEvent


def _sign_in(request) -> tuple["access.User", dict]:
    """Parse the credentials and sign in; SignInError carries the 401's body (with
    `otp_required` when a second factor is missing)."""
    serializer = CredentialsSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    # django-axes counts and locks out on Django's own request object.
    return signin.sign_in(
        request._request, email=data["email"], password=data["password"], otp=data["otp"]
    )


def _refused(body) -> Response:
    return Response(
        body, status=status.HTTP_401_UNAUTHORIZED, headers={"WWW-Authenticate": "Token"}
    )


class LoginThrottled:
    permission_classes = [AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "login"


class TokenView(LoginThrottled, APIView):
    """A new API token (hashed at rest, expiring). Scripts and apps; creates no session."""

    authentication_classes = []

    @extend_schema(request=CredentialsSerializer, responses={200: TokenSerializer, 401: None})
    def post(self, request):
        try:
            user, extra = _sign_in(request)
        except signin.SignInError as error:
            return _refused(error.body)
        return Response({"token": signin.issue_token(user), **extra})


class LoginView(LoginThrottled, APIView):
    """Session sign-in for the PWA. CSRF is checked even before anyone is signed in, so
    another site cannot sign a browser in to an account of its choosing."""

    @extend_schema(request=CredentialsSerializer, responses={200: MeSerializer, 401: None})
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        try:
            user, extra = _sign_in(request)
        except signin.SignInError as error:
            return _refused(error.body)
        login(request, user)  # with user.otp_device set, django-otp marks the session verified
        return Response({**MeSerializer(user).data, **extra})


class LogoutView(APIView):
    """Ends the session, and the API token the request came with."""

    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        signin.revoke_token(request.auth)
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetView(LoginThrottled, APIView):
    """Email a reset link to the account's own address. The answer is the same whether
    or not the email has an account."""

    authentication_classes = []

    @extend_schema(request=PasswordResetSerializer, responses={202: None})
    def post(self, request):
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = signin.user_for_reset(serializer.validated_data["email"])
        if user is not None:
            queue_or_run("patients.tasks.send_password_reset_email", user.pk)
        return Response({"detail": signin.RESET_SENT}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(LoginThrottled, APIView):
    authentication_classes = []

    @extend_schema(request=PasswordResetConfirmSerializer, responses={200: None})
    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            signin.confirm_reset(**serializer.validated_data)
        except signin.ResetError as error:
            raise ValidationError({"detail": str(error)})
        return Response({"detail": "Your password is changed. Sign in with it now."})


class TwoFactorSetupView(APIView):
    """Start (POST) adding an authenticator app to one's own account: the key and an
    otpauth:// URI. Confirm it with a code at `confirm/`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: TwoFactorSetupSerializer})
    def post(self, request):
        return Response(twofactor.start_setup(request.user), status=status.HTTP_201_CREATED)


class TwoFactorConfirmView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=OtpSerializer, responses={200: None})
    def post(self, request):
        serializer = OtpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        confirmed = twofactor.confirm_setup(request.user, serializer.validated_data["otp"])
        if confirmed is None:
            raise ValidationError({"otp": ["That code is not correct. Try the newest one."]})
        return Response({"recovery_codes": confirmed[1]})


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
        return Response({"token": signin.issue_token(user)})


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
