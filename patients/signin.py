"""Signing in: password (with django-axes' per-account lockout), second factor, API
tokens (django-rest-knox: hashed, expiring) and password reset by email."""

import logging

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib.auth import authenticate, user_login_failed
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from knox.models import AuthToken

from config.errors import Invalid, Unauthenticated
from patients import twofactor
from patients.auth import delete_expired_tokens
from patients.models import Invite, User
from patients.services import validate_password_for

log = logging.getLogger(__name__)

WRONG_PASSWORD = "Email or password is not correct."
LOCKED_OUT = (
    "Too many failed sign-ins for this account. Try again in {minutes} minutes, "
    "or reset your password."
)


class SignInError(Unauthenticated):
    """A refused sign-in (401): the message for the person, plus fields for the client
    (`otp_required`)."""


def sign_in(request, *, email: str, password: str, otp: str = "") -> tuple[User, dict]:
    """Check the password and, where the account has or needs one, the second factor.

    `request` is Django's HttpRequest (django-axes records and locks out on it). Returns
    the user and extra fields for the answer (recovery codes on a first enrolment).
    """
    email = email.strip().lower()
    user = authenticate(request, username=email, password=password)
    if user is None:
        raise SignInError(WRONG_PASSWORD)
    return user, check_second_factor(request, user, email=email, otp=otp)


def check_second_factor(request, user: User, *, email: str, otp: str) -> dict:
    """Raise SignInError unless the second factor (if the account has or needs one) is
    given; sets `user.otp_device` so django-otp marks a session as verified."""
    if twofactor.has_device(user):
        if not otp:
            raise SignInError(
                "Enter the 6-digit code from your authenticator app (or a recovery code).",
                otp_required=True,
            )
        device = twofactor.verify(user, otp)
        if device is None:
            _failed(request, email)
            raise SignInError("That code is not correct. Try the newest one.", otp_required=True)
        user.otp_device = device
        return {}
    if twofactor.is_required(user):
        # First sign-in since the clinic asked for a second factor: set it up here.
        if not otp:
            raise SignInError(
                "Your clinic asks for two-step sign-in. Add this key to an authenticator "
                "app, then enter the 6-digit code it shows.",
                otp_required=True,
                otp_setup=twofactor.start_setup(user),
            )
        confirmed = twofactor.confirm_setup(user, otp)
        if confirmed is None:
            _failed(request, email)
            raise SignInError(
                "That code is not correct. Try the newest one.",
                otp_required=True,
                otp_setup=twofactor.pending_setup(user),
            )
        user.otp_device, codes = confirmed
        return {"recovery_codes": codes}
    return {}


def _failed(request, email: str) -> None:
    """A wrong second factor counts towards the account's lockout like a wrong password."""
    user_login_failed.send(sender=__name__, credentials={"username": email}, request=request)


def issue_token(user: User) -> str:
    """A new API token (stored hashed, expiring). Like a successful sign-in, it clears
    the account's failed attempts; it creates no session (axes' success log would)."""
    _, token = AuthToken.objects.create(user=user)
    delete_expired_tokens(user)  # requests check only their own token's expiry
    reset_lockout(username=user.email)
    return token


def revoke_token(auth) -> None:
    if isinstance(auth, AuthToken):
        auth.delete()


# --- django-axes hooks (settings.AXES_USERNAME_CALLABLE, AXES_LOCKOUT_CALLABLE)


def axes_username(request, credentials) -> str:
    """Count attempts per account whatever the case or spacing of the email typed."""
    source = credentials or getattr(request, "POST", {}) or {}
    return (source.get("username") or "").strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = LOCKED_OUT.format(minutes=minutes)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")


# --- Password reset (Django's reset tokens: single use, expire, end on any sign-in change)

RESET_SENT = (
    "If an account uses that email, we have sent it a link to choose a new password. "
    "It works once, for a limited time."
)


def reset_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/reset/{uid}/{token}"


def user_for_reset(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


class ResetError(Invalid):
    """A reset link that cannot be used (400)."""


@transaction.atomic
def confirm_reset(*, uid: str, token: str, password: str) -> User:
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError):
        pk = None
    user = User.objects.select_for_update().filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        raise ResetError(
            "This reset link is not valid or has expired. Ask for a new one from the "
            "sign-in screen."
        )
    validate_password_for(user, password)
    user.set_password(password)
    user.save()  # ends the account's API tokens and sessions
    # Any unused invite is void now the person chose a password themselves.
    Invite.objects.filter(
        patient__user=user, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    reset_lockout(username=user.email)
    return user
