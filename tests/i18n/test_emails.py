"""Emails a patient receives speak the language on their profile (English by default)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from conversations.models import Message
from conversations.tasks import email_new_message
from patients.models import Invite
from patients.services import create_patient
from patients.tasks import send_invite_email, send_password_reset_email
from reminders import services as reminders
from reminders.models import ReminderSettings
from tests.factories import PatientFactory
from tests.reminders.conftest import push_service, vapid  # noqa: F401 - fixtures

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _memory_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def dutch(patient):
    patient.user.language = "nl"
    patient.user.save(update_fields=["language"])
    return patient


def test_a_reset_email_is_in_dutch_for_a_dutch_speaker(cast, mailoutbox):
    dutch(cast.patient)
    send_password_reset_email(cast.patient.user.pk)
    [email] = mailoutbox
    assert email.subject == "Stel je wachtwoord voor de revalidatie-app opnieuw in"
    assert "Heb je dit niet gevraagd?" in email.body
    assert "/reset/" in email.body


def test_a_reset_email_stays_english_without_a_chosen_language(cast, mailoutbox):
    send_password_reset_email(cast.patient.user.pk)
    [email] = mailoutbox
    assert email.subject == "Reset your rehab tracker password"


def test_an_invite_is_in_dutch_and_still_says_the_app_does_not_diagnose(cast, mailoutbox):
    patient, _ = create_patient(
        created_by=cast.physio,
        name="Noor Nieuw",
        email="noor@mail.test",
        date_of_birth=dt.date(1990, 1, 1),
        timezone_name="Europe/Amsterdam",
    )
    dutch(patient)
    mailoutbox.clear()
    send_invite_email(Invite.objects.filter(patient=patient).latest("pk").pk)
    [email] = mailoutbox
    assert email.subject == "Harbour Physio nodigt je uit om je revalidatie bij te houden"
    assert "Deze app ondersteunt je fysiotherapeut en stelt geen diagnose." in email.body
    assert "/invite/" in email.body


def test_a_reminder_email_is_in_dutch(db, mailoutbox):
    patient = dutch(PatientFactory(timezone="Europe/London"))
    ReminderSettings.objects.create(
        patient=patient, enabled=True, checkin_time=dt.time(8, 0), channel="email"
    )
    with time_machine.travel(dt.datetime(2025, 3, 4, 8, 5, tzinfo=LONDON), tick=False):
        reminders.remind(patient_id=patient.pk, kind="checkin", local_date=dt.date(2025, 3, 4))
    [email] = mailoutbox
    assert email.subject == "Tijd voor je dagelijkse check-in"
    assert email.body.startswith(f"Hallo {patient.name},")
    assert "Open deze link om ze te stoppen" in email.body


def test_a_message_from_the_physio_is_announced_in_the_patients_language(cast, mailoutbox):
    dutch(cast.patient)
    message = Message.objects.create(patient=cast.patient, author=cast.physio, text="Hoe gaat het?")
    assert email_new_message(message.pk) == 1
    [email] = mailoutbox
    assert email.subject == "Een nieuw bericht in de revalidatie-app"
    assert email.body.startswith("Je fysiotherapeut heeft je een bericht gestuurd")
    assert "Hoe gaat het?" not in email.body  # email carries no health details


def test_the_physio_hears_of_a_dutch_patients_message_in_the_physios_language(cast, mailoutbox):
    dutch(cast.patient)
    message = Message.objects.create(patient=cast.patient, author=cast.patient.user, text="Vraagje")
    email_new_message(message.pk)
    [email] = mailoutbox
    assert email.to == [cast.physio.email]
    assert email.subject == "A new message in the rehab tracker"


def test_a_push_reminder_and_its_stop_button_are_in_dutch(db, push_service):  # noqa: F811
    patient = dutch(PatientFactory(timezone="Europe/London"))
    browser, endpoint = push_service.browser("phone")
    reminders.subscribe(
        user=patient.user, endpoint=endpoint, p256dh=browser.p256dh, auth=browser.auth
    )
    ReminderSettings.objects.create(patient=patient, enabled=True, checkin_time=dt.time(8, 0))
    with time_machine.travel(dt.datetime(2025, 3, 4, 8, 5, tzinfo=LONDON), tick=False):
        reminders.remind(patient_id=patient.pk, kind="checkin", local_date=dt.date(2025, 3, 4))
    [message] = push_service.received
    assert message.payload["title"] == "Revalidatie-app"
    assert message.payload["body"] == "Tijd voor je dagelijkse check-in"
    assert message.payload["words"]["stop"] == "Herinneringen stoppen"
