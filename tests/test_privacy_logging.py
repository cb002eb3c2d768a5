"""With no mail server configured, nothing with a token, a name or an address reaches the
console or the logs; request logs have invite and reset tokens blanked out."""

import datetime as dt
import logging
import os

import pytest
from django.conf import settings as django_settings
from django.core import mail

from config.privacy_logging import RedactLinkTokens, redact
from patients.services import create_patient
from rehab.alerts import raise_red_flags

pytestmark = pytest.mark.django_db

WITHHELD = "config.privacy_logging.WithheldEmailBackend"


def invite_new_patient(physio) -> str:
    _, token = create_patient(
        created_by=physio,
        name="Morgan Private",
        email="morgan.private@mail.test",
        date_of_birth=dt.date(1990, 1, 1),
        timezone_name="Europe/London",
    )
    return token


def test_with_email_unset_an_invite_is_withheld_and_the_log_names_no_one(
    cast, settings, caplog, capsys, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = WITHHELD
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        token = invite_new_patient(cast.physio)
    printed = caplog.text + "".join(capsys.readouterr())
    assert "Email not sent" in printed
    for secret in (token, token.split(":")[0], "Morgan Private", "morgan.private@mail.test"):
        assert secret not in printed


def test_with_email_unset_an_urgent_alert_email_names_no_one(
    enrolled, settings, caplog, capsys, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = WITHHELD
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        raise_red_flags(patient=enrolled.patient, keys=["neuro"])
    printed = caplog.text + "".join(capsys.readouterr())
    assert "Email not sent" in printed
    assert enrolled.patient.name not in printed and enrolled.physio.email not in printed


def test_sent_invite_and_alert_emails_carry_no_patient_name(
    enrolled, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_new_patient(enrolled.physio)
        raise_red_flags(patient=enrolled.patient, keys=["neuro"])
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        for name in (enrolled.patient.name, "Morgan Private"):
            assert name not in message.subject + message.body


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Bad Request: /api/v1/auth/invite/AbC:1x2y:zz9/",
            "Bad Request: /api/v1/auth/invite/[redacted]",
        ),
        (
            '"GET /invite/AbC:1x2y:zz9 HTTP/1.1" 200 512',
            '"GET /invite/[redacted] HTTP/1.1" 200 512',
        ),
        (
            "open https://rehab.test/reset/MQ/c0ffee-123?x=1",
            "open https://rehab.test/reset/[redacted]?x=1",
        ),
        ("GET /api/v1/patients/4/ 200", "GET /api/v1/patients/4/ 200"),
    ],
)
def test_tokens_in_paths_are_redacted(line, expected):
    assert redact(line) == expected


def test_every_log_line_passes_the_redacting_filter():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s',
        ("POST /api/v1/auth/invite/AbC:1x2/ HTTP/1.1", 400),
        None,
    )
    assert RedactLinkTokens().filter(record)
    assert "AbC" not in record.getMessage()
    logging_config = django_settings.LOGGING
    assert "redact_tokens" in logging_config["handlers"]["console"]["filters"]
    for name in ("django", "django.server"):
        assert logging_config["loggers"][name]["handlers"] == ["console"]


@pytest.mark.skipif(bool(os.environ.get("EMAIL_URL")), reason="a mail server is configured")
def test_email_unset_means_nothing_is_sent_by_default():
    from config import settings as config_settings  # the module, not the per-test overrides

    assert config_settings.EMAIL_BACKEND == WITHHELD
