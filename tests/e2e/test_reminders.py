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
      keys: {p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1Xbjh"
                     + "azAkj7I99e8QcYP7DkM",
             auth: "tBHItJI5svbpez7KI4CCXg"}}),
  });
  return response.status;
}"""
NOTIFICATIONS = """async () => (await (await navigator.serviceWorker.ready).getNotifications())
  .map((n) => ({title: n.title, body: n.body, url: n.data && n.data.url, tag: n.tag,
                actions: n.actions.map((a) => a.action)}))"""
TAP_NOTIFICATION = """async (action) => {
  const [notification] = await self.registration.getNotifications();
  self.dispatchEvent(new NotificationEvent("notificationclick", {notification, action}));
}"""


def screen_fits_a_phone(page):
    """The reminders screen scrolls only up and down, and its controls are 44x44 px or more."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    small = SMALL_TARGETS.replace(
        "document.querySelectorAll(", "document.querySelector('.reminders').querySelectorAll("
    )
    assert page.evaluate(small) == []


def deliver_push(context, page, origin: str, payload: dict) -> None:
    """Do the push service's part: deliver a message to the service worker (DevTools
    protocol), then wait until it shows a notification. Like a push service, redeliver
    when the worker has not shown it: on a loaded machine Chromium may drop a delivery
    made while the worker is starting. The payload's tag makes a redelivery replace,
    never add, a notification."""
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):  # the registration arrives as an event
        if any(r["scopeURL"] == f"{origin}/" for r in registrations):
            break
        page.wait_for_timeout(100)
    registration = [
        r for r in registrations if r["scopeURL"] == f"{origin}/" and not r.get("isDeleted")
    ][-1]
    message = {
        "origin": origin,
        "registrationId": registration["registrationId"],
        "data": json.dumps(payload),
    }
    for attempt in range(3):
        cdp.send("ServiceWorker.deliverPushMessage", message)
        try:
            notifications_once(page, lambda shown: len(shown) == 1)
            return
        except AssertionError:
            if attempt == 2:
                raise


def notifications_once(page, condition, timeout_s: float = 10) -> list[dict]:
    """The notifications the service worker shows, once `condition` holds for them
    (wait_for_function does not await an async predicate, so poll from here)."""
    for _ in range(int(timeout_s * 10)):
        shown = page.evaluate(NOTIFICATIONS)
        if condition(shown):
            return shown
        page.wait_for_timeout(100)
    raise AssertionError(f"notifications never matched: {shown}")


def service_worker(context):
    """The app's service worker as Playwright sees it (it may report it a moment late)."""
    return (context.service_workers or [context.wait_for_event("serviceworker")])[0]


@pytest.fixture
def vapid(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = generate_pair()


def test_a_patient_turns_reminders_on_and_a_push_opens_the_check_in(live_server, enrolled, vapid):
    patient = enrolled.patient
    with chromium() as browser:
        context = browser.new_context(
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            service_workers="allow",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        sign_in(page, live_server.url, patient.user.email)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)

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

        deliver_push(context, page, live_server.url, PAYLOAD)
        [shown] = notifications_once(page, lambda shown: len(shown) == 1)
        assert shown == {
            "title": "Rehab tracker",
            "body": "Time for your daily check-in",
            "url": "/checkin",
            "tag": "reminder-checkin",
            "actions": ["stop"],
        }

        worker = service_worker(context)
        worker.evaluate(TAP_NOTIFICATION, "")
        page.wait_for_url(f"{live_server.url}/checkin")
        expect(page.get_by_role("heading", name="Check-in", level=1)).to_be_visible()
        notifications_once(page, lambda shown: shown == [])  # the tap closed it
        shot(page, "reminders-notification-opened-checkin.png")

    assert ReminderSettings.objects.get(patient=patient).enabled
    assert PushSubscription.objects.filter(user=patient.user).count() == 1


def test_stop_reminders_on_the_notification_or_the_email_link_turns_them_off(
    live_server, enrolled, vapid
):
    from reminders import services

    by_notification, by_email = enrolled.patient, enrolled.other_patient
    for patient in (by_notification, by_email):
        services.update_settings(patient=patient, changes={"enabled": True})
    payload = {**PAYLOAD, "stop_token": services.stop_token(by_notification)}
    email_link = f"{live_server.url}/reminders/stop#{services.stop_token(by_email)}"

    with chromium() as browser:
        context = browser.new_context(
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            service_workers="allow",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(10_000)
        context.grant_permissions(["notifications"], origin=live_server.url)
        page = context.new_page()
        page.goto(f"{live_server.url}/")  # signed out: the stop needs no sign-in
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)

        deliver_push(context, page, live_server.url, payload)
        worker = service_worker(context)
        worker.evaluate(TAP_NOTIFICATION, "stop")
        [stopped] = notifications_once(
            page, lambda shown: shown and shown[0]["tag"] == "reminders-stopped"
        )
        assert stopped["body"].startswith("Reminders are off."), stopped

        page.goto(email_link)
        expect(page.get_by_role("status")).to_contain_text("Reminders are off.")
        shot(page, "reminders-stopped-by-email-link.png")

    for patient in (by_notification, by_email):
        assert not ReminderSettings.objects.get(patient=patient).enabled
