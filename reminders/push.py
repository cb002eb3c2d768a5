"""Send one Web Push message to one subscription (pywebpush signs and encrypts it)."""

import json
import logging
from enum import Enum

from django.utils import timezone
from pywebpush import WebPushException, webpush

from reminders.keys import vapid_keys
from reminders.models import PushSubscription

log = logging.getLogger(__name__)

# A reminder is stale after a few hours: the push service may drop it after that.
TTL_SECONDS = 4 * 60 * 60
TIMEOUT_SECONDS = 10


class Outcome(Enum):
    SENT = "sent"
    GONE = "gone"  # the push service says the subscription no longer exists
    FAILED = "failed"


def send(subscription: PushSubscription, payload: dict) -> Outcome:
    """Push `payload` (JSON, no health details) to one browser. A subscription the push
    service reports gone (404 or 410) is deleted."""
    keys = vapid_keys()
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=json.dumps(payload),
            vapid_private_key=keys.private_key,
            vapid_claims={"sub": keys.subject},
            ttl=TTL_SECONDS,
            timeout=TIMEOUT_SECONDS,
            headers={"Urgency": "normal"},
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            subscription.delete()
            return Outcome.GONE
        log.warning("Push to subscription %s failed: %s", subscription.pk, status or error)
        return Outcome.FAILED
    except (OSError, ValueError) as error:  # connection errors, malformed stored keys
        log.warning("Push to subscription %s failed: %s", subscription.pk, type(error).__name__)
        return Outcome.FAILED
    PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())
    return Outcome.SENT
