"""Keep secrets and personal details out of the console and the logs.

- With no EMAIL_URL, mail is not sent: `WithheldEmailBackend` logs that an email was
  withheld and its subject, never its body (invite and reset links are credentials) nor
  its recipients (a patient's address is personal data).
- `RedactLinkTokens` rewrites invite and password-reset tokens in any log line (request
  logs print the path, and the path of an invite holds its token).
"""

import logging
import re

from django.core.mail.backends.base import BaseEmailBackend

log = logging.getLogger("config.mail")

LINK_TOKEN = re.compile(r"(/(?:invite|reset)/)[^\s\"'?#]+")


def redact(text: str) -> str:
    return LINK_TOKEN.sub(r"\1[redacted]", text)


class RedactLinkTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class WithheldEmailBackend(BaseEmailBackend):
    """The default when no mail server is configured: nothing is sent or printed."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            log.warning(
                "Email not sent (EMAIL_URL is not set): %r to %d recipient(s).",
                message.subject,
                len(message.recipients()),
            )
        return 0
