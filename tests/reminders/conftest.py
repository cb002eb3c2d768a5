import pytest

from reminders.keys import generate_pair
from tests.reminders.push_service import PushService


@pytest.fixture
def vapid(settings):
    """A fresh VAPID pair for the server, as production would set it."""
    public, private = generate_pair()
    settings.VAPID_PUBLIC_KEY = public
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_SUBJECT = "mailto:reminders@clinic.test"
    settings.PUSH_ALLOW_LOOPBACK_HTTP = True
    return public


@pytest.fixture
def push_service(vapid):
    with PushService(vapid) as service:
        yield service
