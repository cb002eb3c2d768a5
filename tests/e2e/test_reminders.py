"""Reminders in Chromium at a phone viewport: the permission prompt only after "Turn on
reminders", a push subscription stored, and a push message shown as a notification whose
tap opens the check-in.

Headless Chromium has no push service to subscribe with (PushManager.subscribe fails
offline), so when it fails the test stores a PushSubscription JSON through the API as the
browser would, and delivers a push message to the service worker through the DevTools
protocol (ServiceWorker.deliverPushMessage), as a push service would. Nothing can tap a
notification in headless Chromium: the test dispatches the notificationclick event to the
service worker's own listener with the notification it showed.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from reminders.keys import generate_pair
from reminders.models import PushSubscription, ReminderSettings
from tests.e2e.physio_browser import chromium
from tests.e2e.test_patient_pwa import PHONE, SMALL_TARGETS, shot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOAD = {
    "title": "Rehab tracker",
    "body": "Time for your daily check-in",
    "url": "/checkin",
    "tag": "reminder-checkin",
    "stop_token": "not-used-here",
}
SUBSCRIBED_OR_FELL_BACK = re.compile("Reminders are on")
STORE_FAKE_SUBSCRIPTION = """async () => {
  const csrf = document.cookie.match(/csrftoken=([^;]+)/)[1];
  const response = await fetch("/api/v1/push-subscriptions/", {
    method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
    body: JSON.stringify({endpoint: "https://fcm.googleapis.com/fcm/send/headless-chromium",
      keys: {p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
             auth: "tBHItJI5svbpez7KI4CCXg"}}),
  });
  return response.status;
}"""
NOTIFICATIONS = """async () => (await (await navigator.serviceWorker.ready).getNotifications())
  .map((n) => ({title: n.title, body: n.body, url: n.data && n.data.url, tag: n.tag,
                actions: n.actions.map((a) => a.action)}))"""
TAP_NOTIFICATION = """async () => {
  const [notification] = await self.registration.getNotifications();
  self.dispatchEvent(new NotificationEvent("notificationclick", {notification}));
}"""


def screen_fits_a_phone(page):
    """The reminders screen scrolls only up and down, and its controls are 44x44 px or more."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    small = SMALL_TARGETS.replace(
        "document.querySelectorAll(", "document.querySelector('.reminders').querySelectorAll("
    )
    assert page.evaluate(small) == []


@pytest.fixture
def vapid(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = generate_pair()


def test_a_patient_turns_reminders_on_and_a_push_opens_the_check_in(live_server, enrolled, vapid):
    patient = enrolled.patient
    with chromium() as browser:
        context = browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, service_workers="allow",
            timezone_id="Europe/London",
        )  # fmt: skip
        context.set_default_timeout(10_000)
        page = context.new_page()
        sign_in(page, live_server.url, patient.user.email)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)

        page.get_by_role("link", name=patient.user.name).click()
        page.get_by_role("link", name="Set up reminders").click()
        expect(page.get_by_role("heading", name="Reminders", level=1)).to_be_visible()
        # Nothing has asked about notifications yet: the prompt waits for the tap.
        assert page.evaluate("Notification.permission") == "default"
        screen_fits_a_phone(page)
        shot(page, "reminders-off.png")

        context.grant_permissions(["notifications"], origin=live_server.url)
        page.get_by_role("button", name="Turn on reminders").click()
        status = page.get_by_role("status").filter(has_text=SUBSCRIBED_OR_FELL_BACK)
        expect(status).to_be_visible(timeout=20_000)
        subscribed_by_browser = "This phone will show them" in status.inner_text()
        assert page.evaluate("Notification.permission") == "granted"
        expect(page.get_by_role("button", name="Turn off reminders")).to_be_visible()
        shot(page, "reminders-on.png")

        if not subscribed_by_browser:  # no push service in headless Chromium
            assert page.evaluate(STORE_FAKE_SUBSCRIPTION) == 201

        # The push service's part: deliver a message to the service worker.
        cdp = context.new_cdp_session(page)
        registrations = []
        cdp.on(
            "ServiceWorker.workerRegistrationUpdated",
            lambda e: registrations.extend(e["registrations"]),
        )
        cdp.send("ServiceWorker.enable")
        for _ in range(50):  # the registration arrives as an event
            if registrations:
                break
            page.wait_for_timeout(100)
        [registration] = [r for r in registrations if r["scopeURL"] == f"{live_server.url}/"]
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": live_server.url,
                "registrationId": registration["registrationId"],
                "data": json.dumps(PAYLOAD),
            },
        )
        page.wait_for_function(f"async () => (await ({NOTIFICATIONS})()).length === 1")
        [shown] = page.evaluate(NOTIFICATIONS)
        assert shown == {"title": "Rehab tracker", "body": "Time for your daily check-in",
                         "url": "/checkin", "tag": "reminder-checkin", "actions": ["stop"]}  # fmt: skip

        [worker] = context.service_workers
        worker.evaluate(TAP_NOTIFICATION)
        page.wait_for_url(f"{live_server.url}/checkin")
        expect(page.get_by_role("heading", name="Check-in", level=1)).to_be_visible()
        assert page.evaluate(NOTIFICATIONS) == []  # the tap closed it
        shot(page, "reminders-notification-opened-checkin.png")

    assert ReminderSettings.objects.get(patient=patient).enabled
    assert PushSubscription.objects.filter(user=patient.user).count() == 1
