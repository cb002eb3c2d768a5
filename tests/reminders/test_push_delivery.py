"""A reminder reaches a browser through a real Web Push exchange with a local push
service: VAPID-signed, aes128gcm-encrypted, and readable only with the browser's key."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from reminders import services
from reminders.models import PushSubscription, ReminderSettings, SentReminder
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def subscribed_patient(push_service, name="phone", *, gone=False, **reminders):
    patient = PatientFactory(timezone="Europe/London")
    browser, endpoint = push_service.browser(name, gone=gone)
    services.subscribe(
        user=patient.user, endpoint=endpoint, p256dh=browser.p256dh, auth=browser.auth
    )
    ReminderSettings.objects.create(
        patient=patient, enabled=True, checkin_time=dt.time(8, 0), **reminders
    )
    return patient


def test_the_push_service_gets_a_vapid_signed_encrypted_reminder_without_health_details(
    push_service,
):
    patient = subscribed_patient(push_service)
    with time_machine.travel(dt.datetime(2025, 3, 4, 8, 5, tzinfo=LONDON), tick=False):
        sent = services.remind(
            patient_id=patient.pk, kind="checkin", local_date=dt.date(2025, 3, 4)
        )

    assert push_service.errors == []
    [message] = push_service.received
    assert message.claims["sub"] == "mailto:reminders@clinic.test"
    assert message.claims["aud"] == push_service.origin
    assert int(message.ttl) > 0
    assert message.payload == {
        "title": "Rehab tracker",
        "body": "Time for your daily check-in",
        "url": "/checkin",
        "tag": "reminder-checkin",
        "stop_token": services.stop_token(patient),
        "words": services.stop_words(),
    }
    sent.refresh_from_db()
    assert (sent.channel, sent.delivered) == ("push", 1)


def test_every_browser_of_the_patient_gets_the_reminder(push_service):
    patient = subscribed_patient(push_service, "phone")
    laptop, endpoint = push_service.browser("laptop")
    services.subscribe(user=patient.user, endpoint=endpoint, p256dh=laptop.p256dh, auth=laptop.auth)
    with time_machine.travel(dt.datetime(2025, 3, 4, 8, 5, tzinfo=LONDON), tick=False):
        services.remind(patient_id=patient.pk, kind="checkin", local_date=dt.date(2025, 3, 4))
    assert sorted(m.path for m in push_service.received) == ["/push/laptop", "/push/phone"]


def test_a_subscription_the_push_service_calls_gone_is_deleted_and_the_others_still_get_it(
    push_service,
):
    patient = subscribed_patient(push_service, "old-phone", gone=True)
    new, endpoint = push_service.browser("new-phone")
    services.subscribe(user=patient.user, endpoint=endpoint, p256dh=new.p256dh, auth=new.auth)

    with time_machine.travel(dt.datetime(2025, 3, 4, 8, 5, tzinfo=LONDON), tick=False):
        sent = services.remind(
            patient_id=patient.pk, kind="checkin", local_date=dt.date(2025, 3, 4)
        )

    assert [s.endpoint for s in PushSubscription.objects.all()] == [endpoint]
    assert [m.path for m in push_service.received] == ["/push/new-phone"]
    sent.refresh_from_db()
    assert sent.delivered == 1


def test_with_its_only_subscription_gone_the_reminder_falls_back_to_email(
    push_service, mailoutbox, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    patient = subscribed_patient(push_service, "old-phone", gone=True)
    with time_machine.travel(dt.datetime(2025, 3, 4, 8, 5, tzinfo=LONDON), tick=False):
        sent = services.remind(
            patient_id=patient.pk, kind="checkin", local_date=dt.date(2025, 3, 4)
        )
    assert not PushSubscription.objects.exists()
    [email] = mailoutbox
    assert email.to == [patient.email]
    assert email.subject == "Time for your daily check-in"
    assert f"/reminders/stop#{services.stop_token(patient)}" in email.body
    assert SentReminder.objects.get(pk=sent.pk).channel == "email"


def test_an_unreachable_push_service_is_a_failed_push_not_a_crash(vapid, mailoutbox, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    patient = PatientFactory(timezone="Europe/London")
    from tests.reminders.push_service import Browser

    browser = Browser("nowhere")
    services.subscribe(
        user=patient.user,
        endpoint="http://127.0.0.1:9/push/nowhere",
        p256dh=browser.p256dh,
        auth=browser.auth,
    )
    ReminderSettings.objects.create(patient=patient, enabled=True)
    with time_machine.travel(dt.datetime(2025, 3, 4, 8, 5, tzinfo=LONDON), tick=False):
        sent = services.remind(
            patient_id=patient.pk, kind="checkin", local_date=dt.date(2025, 3, 4)
        )
    assert PushSubscription.objects.count() == 1  # kept: the service may be back tomorrow
    assert SentReminder.objects.get(pk=sent.pk).channel == "email"
    assert len(mailoutbox) == 1


def test_the_local_push_service_refuses_a_message_signed_with_another_key(push_service, settings):
    from reminders.keys import generate_pair

    patient = subscribed_patient(push_service)
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = generate_pair()
    with time_machine.travel(dt.datetime(2025, 3, 4, 8, 5, tzinfo=LONDON), tick=False):
        services.remind(patient_id=patient.pk, kind="checkin", local_date=dt.date(2025, 3, 4))
    assert push_service.received == []
    assert "signed with another key" in push_service.errors[0]
