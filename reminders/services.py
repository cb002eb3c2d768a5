"""Reminders: settings, browser subscriptions, and sending what is due.

Sending is at most once per patient, kind and local date: the SentReminder row is
claimed (a unique insert) before anything goes out, so overlapping runs of the beat task
or a retried task never send twice. Messages carry no health details, only that it is
time to check in or exercise, and where to tap.
"""

import datetime as dt
import logging
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from config.errors import Unavailable
from patients.models import Patient, User
from rehab.models import CheckIn, Enrolment, ExerciseSession, Run
from reminders import push
from reminders.keys import PushNotConfigured, push_configured, vapid_keys
from reminders.models import PushSubscription, ReminderSettings, SentReminder
from reminders.schedule import default_session_days, is_due

log = logging.getLogger(__name__)
_STOP_SALT = "reminders.stop"


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    path: str
    words: dict | None = None  # the notification's stop button and its answers


def stop_words() -> dict:
    """The service worker shows these around "Stop reminders" (public/push-sw.js)."""
    return {
        "stop": str(_("Stop reminders")),
        "stopped": str(_("Reminders are off. You can turn them on again in the app.")),
        "stop_failed": str(
            _("Could not turn reminders off (no connection?). Open the app to turn them off.")
        ),
    }


# Lazy: each is put into words in the patient's language when it is sent.
APP = _("Rehab tracker")
MESSAGES = {
    SentReminder.Kind.CHECKIN: Message(APP, _("Time for your daily check-in"), "/checkin"),
    SentReminder.Kind.SESSION: Message(APP, _("Today is an exercise day"), "/session"),
}


# --- Settings


def settings_of(patient: Patient) -> ReminderSettings:
    """The patient's settings; unsaved defaults (reminders off) if they never chose."""
    try:
        return patient.reminder_settings
    except ReminderSettings.DoesNotExist:
        return ReminderSettings(patient=patient)


@transaction.atomic
def update_settings(*, patient: Patient, changes: dict) -> ReminderSettings:
    chosen, _ = ReminderSettings.objects.select_for_update().get_or_create(patient=patient)
    for field, value in changes.items():
        setattr(chosen, field, value)
    chosen.full_clean(exclude=["patient"])
    chosen.save()
    return chosen


def stop_token(patient: Patient) -> str:
    """A signed token that turns this patient's reminders off: in every reminder, so
    stopping takes one tap and no sign-in. It can do nothing else."""
    return signing.Signer(salt=_STOP_SALT).sign(str(patient.pk))


@transaction.atomic
def stop_with_token(*, token: str) -> bool:
    """Turn reminders off for the token's patient. False if the token is not ours."""
    try:
        patient_id = int(signing.Signer(salt=_STOP_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return False
    ReminderSettings.objects.filter(patient_id=patient_id).update(
        enabled=False, updated_at=timezone.now()
    )
    return True


# --- Browser subscriptions

PUSH_UNAVAILABLE = "Push notifications are not set up on this server; reminders come by email."


def public_key() -> str:
    """The VAPID public key browsers subscribe with; Unavailable without push keys."""
    try:
        return vapid_keys().public_key
    except PushNotConfigured:
        raise Unavailable(PUSH_UNAVAILABLE)


@transaction.atomic
def subscribe(
    *, user: User, endpoint: str, p256dh: str, auth: str
) -> tuple[PushSubscription, bool]:
    """Store a browser's subscription; (subscription, created for this user).

    An endpoint belongs to one browser profile: posting it again updates its keys, and
    if another person signed in on that browser, it moves to them, so reminders never
    reach a phone its owner no longer uses.
    """
    existing = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
    if existing is None:
        return PushSubscription.objects.create(
            user=user, endpoint=endpoint, p256dh=p256dh, auth=auth
        ), True
    created = existing.user_id != user.pk
    existing.user, existing.p256dh, existing.auth = user, p256dh, auth
    existing.save(update_fields=["user", "p256dh", "auth"])
    return existing, created


# --- Sending


def session_day(patient: Patient, chosen: ReminderSettings, day: dt.date) -> bool:
    """A planned exercise day: one of the patient's chosen weekdays, or by default the
    current phases' sessions spread over the week; only with an active programme."""
    per_week = [
        rx.sessions_per_week
        for enrolment in Enrolment.objects.filter(patient=patient, status="active")
        .select_related("current_phase")
        .prefetch_related("current_phase__prescriptions")
        for rx in enrolment.current_phase.prescriptions.all()
    ]
    if not per_week:
        return False
    days = chosen.session_days or default_session_days(max(per_week))
    return day.weekday() in days


def still_needed(patient: Patient, chosen: ReminderSettings, kind: str, day: dt.date) -> bool:
    if kind == SentReminder.Kind.CHECKIN:
        return not CheckIn.objects.filter(patient=patient, date=day).exists()
    return (
        chosen.session_days_enabled
        and session_day(patient, chosen, day)
        and not ExerciseSession.objects.filter(patient=patient, date=day).exists()
        and not Run.objects.filter(patient=patient, date=day).exists()
    )


def due_kinds(chosen: ReminderSettings, local_now: dt.datetime) -> list[str]:
    """Reminder kinds whose time has just passed on the patient's clock (cheap: no queries)."""
    if not chosen.enabled:
        return []
    quiet = {"quiet_start": chosen.quiet_start, "quiet_end": chosen.quiet_end}
    kinds = []
    if is_due(at=chosen.checkin_time, local_now=local_now, **quiet):
        kinds.append(SentReminder.Kind.CHECKIN)
    if chosen.session_days_enabled and is_due(at=chosen.session_time, local_now=local_now, **quiet):
        kinds.append(SentReminder.Kind.SESSION)
    return kinds


def find_due(*, now: dt.datetime | None = None) -> list[tuple[int, str, dt.date]]:
    """(patient id, kind, local date) of every reminder due now and not yet sent."""
    now = now or timezone.now()
    due = []
    for chosen in ReminderSettings.objects.filter(enabled=True).select_related("patient"):
        local_now = now.astimezone(zoneinfo.ZoneInfo(chosen.patient.timezone))
        for kind in due_kinds(chosen, local_now):
            due.append((chosen.patient_id, kind, local_now.date()))
    if not due:
        return []
    sent = set(
        SentReminder.objects.filter(
            patient_id__in={p for p, _, _ in due}, local_date__in={d for _, _, d in due}
        ).values_list("patient_id", "kind", "local_date")
    )
    return [row for row in due if row not in sent]


def _claim(patient: Patient, kind: str, day: dt.date) -> SentReminder | None:
    try:
        with transaction.atomic():
            return SentReminder.objects.create(patient=patient, kind=kind, local_date=day)
    except IntegrityError:
        return None  # already sent today


def remind(*, patient_id: int, kind: str, local_date: dt.date) -> SentReminder | None:
    """Send one due reminder, at most once per patient, kind and local date.

    Not one transaction on purpose: the claim commits first, then the network calls run
    outside any transaction. Returns the claim, or None when nothing was to be sent.
    """
    patient = Patient.objects.select_related("user").filter(pk=patient_id).first()
    if patient is None:
        return None
    chosen = settings_of(patient)
    local_now = timezone.now().astimezone(zoneinfo.ZoneInfo(patient.timezone))
    if (
        local_now.date() != local_date
        or kind not in due_kinds(chosen, local_now)
        or not still_needed(patient, chosen, kind, local_date)
    ):
        return None
    claim = _claim(patient, kind, local_date)
    if claim is None:
        return None
    lazy = MESSAGES[kind]
    with translation.override(patient.user.preferred_language):
        message = Message(str(lazy.title), str(lazy.body), lazy.path, stop_words())
    delivered, channel = 0, ""
    if chosen.channel == ReminderSettings.Channel.PUSH and push_configured():
        delivered = _push_all(patient, kind, message)
        channel = "push" if delivered else ""
    if not delivered and patient.user.is_active:
        delivered = _email(patient, message)
        channel = "email" if delivered else "none"
    SentReminder.objects.filter(pk=claim.pk).update(channel=channel, delivered=delivered)
    return claim


def _push_all(patient: Patient, kind: str, message: Message) -> int:
    payload = {
        "title": message.title,
        "body": message.body,
        "url": message.path,
        "tag": f"reminder-{kind}",
        "stop_token": stop_token(patient),
        "words": message.words,
    }
    outcomes = [
        push.send(subscription, payload)
        for subscription in PushSubscription.objects.filter(user_id=patient.user_id)
    ]
    return sum(outcome is push.Outcome.SENT for outcome in outcomes)


def _email(patient: Patient, message: Message) -> int:
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    # The stop token rides in the fragment: it never reaches a server log.
    context = {
        "name": patient.name,
        "body": message.body,
        "open_url": f"{base}{message.path}",
        "stop_url": f"{base}/reminders/stop#{stop_token(patient)}",
    }
    with translation.override(patient.user.preferred_language):
        text = render_to_string("reminders/reminder_email.txt", context)
    return send_mail(
        subject=message.body,
        message=text,
        from_email=None,
        recipient_list=[patient.email],
        fail_silently=True,
    )
