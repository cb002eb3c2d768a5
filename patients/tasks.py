from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone

from patients.models import Invite, User
from patients.services import invite_link
from patients.signin import reset_link

# Emails name no patient and carry no health details: email is not a secure channel.


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_invite_email(invite_id: int) -> bool:
    """Email a patient their invite link. Takes the invite's id only."""
    invite = (
        Invite.objects.select_related("patient__user", "patient__clinic")
        .filter(pk=invite_id, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invite is None:
        return False
    patient = invite.patient
    send_mail(
        subject=f"{patient.clinic.name} invites you to track your rehab",
        message=(
            "Hello,\n\n"
            f"{patient.clinic.name} has set up your rehab tracker. Open this link on your "
            f"phone to choose a password:\n\n{invite_link(invite)}\n\n"
            "The app supports your clinician and does not diagnose."
        ),
        from_email=None,
        recipient_list=[patient.email],
    )
    Invite.objects.filter(pk=invite.pk).update(sent_at=timezone.now())
    return True


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_password_reset_email(user_id: int) -> bool:
    """Email a reset link to the account's own address. The link is made here, so the
    queue never holds it."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    send_mail(
        subject="Reset your rehab tracker password",
        message=(
            "Hello,\n\nSomeone asked to reset the password of the rehab tracker account "
            f"for this email address. To choose a new password, open:\n\n{reset_link(user)}"
            "\n\nThe link works once and expires. If you did not ask, ignore this email: "
            "your password stays as it is."
        ),
        from_email=None,
        recipient_list=[user.email],
    )
    return True
