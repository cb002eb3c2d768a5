"""`auth/`: sign-in (API token or session), sign-out, password reset and accepting an
invite. A refused sign-in is a 401 from `signin.SignInError` (config.errors)."""

from django.contrib.auth import login, logout
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.queueing import queue_or_run
from config.throttling import ScopedThrottle
from patients import services, signin
from patients.api.me import MeSerializer, TwoFactorSetupSerializer
from patients.models import User


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


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class SignedInSerializer(TokenSerializer):
    recovery_codes = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="On the sign-in that set up the second factor: keep them safe.",
    )


class InviteAcceptSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, min_length=1)


class MessageSerializer(serializers.Serializer):
    detail = serializers.CharField()


REFUSED = OpenApiResponse(
    inline_serializer(
        name="SignInRefused",
        fields={
            "detail": serializers.CharField(),
            "otp_required": serializers.BooleanField(required=False),
            "otp_setup": TwoFactorSetupSerializer(required=False, allow_null=True),
        },
    ),
    description="Wrong email, password or code; or a second factor is needed.",
)


def _sign_in(request) -> tuple[User, dict]:
    """Parse the credentials and sign in; SignInError is the 401 (with `otp_required`
    when a second factor is missing)."""
    serializer = CredentialsSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    # django-axes counts and locks out on Django's own request object.
    return signin.sign_in(
        request._request, email=data["email"], password=data["password"], otp=data["otp"]
    )


class LoginThrottled:
    permission_classes = [AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "login"


class TokenView(LoginThrottled, APIView):
    """A new API token (hashed at rest, expiring). Scripts and apps; creates no session."""

    authentication_classes = []

    @extend_schema(request=CredentialsSerializer, responses={200: SignedInSerializer, 401: REFUSED})
    def post(self, request):
        user, extra = _sign_in(request)
        return Response({"token": signin.issue_token(user), **extra})


class LoginView(LoginThrottled, APIView):
    """Session sign-in for the PWA. CSRF is checked even before anyone is signed in, so
    another site cannot sign a browser in to an account of its choosing."""

    @extend_schema(request=CredentialsSerializer, responses={200: MeSerializer, 401: REFUSED})
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        user, extra = _sign_in(request)
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

    @extend_schema(request=PasswordResetSerializer, responses={202: MessageSerializer})
    def post(self, request):
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = signin.user_for_reset(serializer.validated_data["email"])
        if user is not None:
            queue_or_run("patients.tasks.send_password_reset_email", user.pk)
        return Response({"detail": signin.RESET_SENT}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(LoginThrottled, APIView):
    authentication_classes = []

    @extend_schema(request=PasswordResetConfirmSerializer, responses={200: MessageSerializer})
    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signin.confirm_reset(**serializer.validated_data)
        return Response({"detail": "Your password is changed. Sign in with it now."})


class InviteAcceptView(LoginThrottled, APIView):
    authentication_classes = []

    @extend_schema(request=InviteAcceptSerializer, responses={200: TokenSerializer})
    def post(self, request, token):
        serializer = InviteAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.accept_invite(token=token, password=serializer.validated_data["password"])
        return Response({"token": signin.issue_token(user)})
