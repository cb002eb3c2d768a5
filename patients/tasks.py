from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

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
    clinic = patient.clinic.name
    with translation.override(patient.user.preferred_language):
        send_mail(
            subject=_("%(clinic)s invites you to track your rehab") % {"clinic": clinic},
            message=_(
                "Hello,\n\n%(clinic)s has set up your rehab tracker. Open this link on your "
                "phone to choose a password:\n\n%(link)s\n\n"
                "The app supports your clinician and does not diagnose."
            )
            % {"clinic": clinic, "link": invite_link(invite)},
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
    with translation.override(user.preferred_language):
        send_mail(
            subject=_("Reset your rehab tracker password"),
            message=_(
                "Hello,\n\nSomeone asked to reset the password of the rehab tracker account "
                "for this email address. To choose a new password, open:\n\n%(link)s\n\n"
                "The link works once and expires. If you did not ask, ignore this email: "
                "your password stays as it is."
            )
            % {"link": reset_link(user)},
            from_email=None,
            recipient_list=[user.email],
        )
    return True
