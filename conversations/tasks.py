"""Telling the other side that a message waits. Email is not a secure channel: it
carries a link and names no patient and no health detail."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from conversations.models import Message


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def email_new_message(message_id: int) -> int:
    message = (
        Message.objects.select_related("patient__user", "patient__treating_physio", "author")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return 0
    patient = message.patient
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    if message.author_id == patient.user_id:
        physio = patient.treating_physio
        if physio is None or not physio.is_active:
            return 0
        reader, link = physio, f"{base}/physio/patients/{patient.pk}"
        words = _("A patient sent you a message in the rehab tracker.")
    else:
        if not patient.user.is_active or not patient.user.has_usable_password():
            return 0
        reader, link = patient.user, f"{base}/messages"
        words = _("Your physio sent you a message in your rehab tracker.")
    with translation.override(reader.preferred_language):
        send_mail(
            subject=_("A new message in the rehab tracker"),
            message=_("%(words)s Read it here:\n\n%(link)s\n\nSign in to see it.")
            % {"words": translation.gettext(words), "link": link},
            from_email=None,
            recipient_list=[reader.email],
        )
    return 1
