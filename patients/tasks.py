from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone

from patients.models import Invite
from patients.services import invite_link


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
            f"Hello {patient.name},\n\n"
            f"{patient.clinic.name} has set up your rehab tracker. Open this link on your "
            f"phone to choose a password:\n\n{invite_link(invite)}\n\n"
            "The app supports your clinician and does not diagnose."
        ),
        from_email=None,
        recipient_list=[patient.email],
    )
    Invite.objects.filter(pk=invite.pk).update(sent_at=timezone.now())
    return True
