"""People and invites: the only place that creates patients or activates them."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.errors import Conflict, Invalid
from config.queueing import queue_or_run
from patients.models import Invite, Patient, User

_INVITE_SALT = "patients.invite"


class InviteError(Invalid):
    """An invite token that cannot be used, with a message for the person holding it."""


class AlreadyActive(Conflict):
    """The account was activated once: only its owner recovers it (a password reset)."""


ALREADY_ACTIVE = (
    "This patient has already set a password, so a new invite cannot be sent. "
    "They can reset their password from the sign-in screen; the link goes to their own email."
)


def was_ever_activated(user: User) -> bool:
    """True once the person chose a password (by invite or reset). Staff may then never
    set one for them again, or they could sign in as the patient."""
    return (
        user.has_usable_password()
        or user.last_login is not None
        or Invite.objects.filter(patient__user=user, accepted_at__isnull=False).exists()
    )


def invite_token(invite: Invite) -> str:
    return signing.TimestampSigner(salt=_INVITE_SALT).sign(str(invite.public_id))


def invite_link(invite: Invite) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/invite/{invite_token(invite)}"


@transaction.atomic
def create_patient(
    *,
    created_by: User,
    name: str,
    email: str,
    date_of_birth: dt.date,
    timezone_name: str,
    treating_physio: User | None = None,
    phone: str = "",
) -> tuple[Patient, str]:
    """Create a patient in the creator's clinic and invite them. Returns (patient, token)."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise Invalid({"email": ["Someone with this email already has an account."]})
    if treating_physio is None and created_by.role == User.Role.PHYSIO:
        treating_physio = created_by
    user = User.objects.create_user(email=email, name=name.strip(), role=User.Role.PATIENT)
    patient = Patient.objects.create(
        user=user,
        clinic_id=created_by.clinic_id,
        date_of_birth=date_of_birth,
        timezone=timezone_name,
        treating_physio=treating_physio,
        phone=phone.strip(),
    )
    return patient, issue_invite(patient=patient, created_by=created_by)


@transaction.atomic
def issue_invite(*, patient: Patient, created_by: User | None) -> str:
    """A new invite replaces any earlier unused one, and is emailed after commit.

    Only a never-activated account can be invited (AlreadyActive otherwise)."""
    # Lock the user row so an invite cannot race the patient's own activation.
    user = User.objects.select_for_update().get(pk=patient.user_id)
    if was_ever_activated(user):
        raise AlreadyActive(ALREADY_ACTIVE)
    patient.invites.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invite = Invite.objects.create(patient=patient, created_by=created_by)
    transaction.on_commit(lambda: queue_or_run("patients.tasks.send_invite_email", invite.pk))
    return invite_token(invite)


def _invite_for_token(token: str) -> Invite:
    max_age = dt.timedelta(days=settings.INVITE_VALID_DAYS)
    signer = signing.TimestampSigner(salt=_INVITE_SALT)
    try:
        public_id = signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise InviteError("This invite has expired. Ask your clinic to send a new one.")
    except signing.BadSignature:
        raise InviteError("This invite link is not valid. Check that it was copied in full.")
    invite = Invite.objects.select_related("patient__user").filter(public_id=public_id).first()
    if invite is None:
        raise InviteError("This invite link is not valid. Check that it was copied in full.")
    return invite


@transaction.atomic
def accept_invite(*, token: str, password: str) -> User:
    invite = _invite_for_token(token)
    # Lock the row so two taps on the same link cannot both succeed.
    invite = Invite.objects.select_for_update().select_related("patient__user").get(pk=invite.pk)
    if invite.accepted_at:
        raise InviteError("This invite has already been used. Sign in with your password.")
    if invite.revoked_at:
        raise InviteError("A newer invite has replaced this one. Use the latest link you got.")
    user = User.objects.select_for_update().get(pk=invite.patient.user_id)
    if was_ever_activated(user):
        raise InviteError("This account is already set up. Sign in with your password.")
    validate_password_for(user, password)
    user.set_password(password)
    user.save(update_fields=["password"])
    invite.accepted_at = timezone.now()
    invite.save(update_fields=["accepted_at"])
    return user


def validate_password_for(user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise Invalid({"password": list(error.messages)})
