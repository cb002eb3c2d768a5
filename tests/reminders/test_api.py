"""The reminder endpoints of the contract (DESIGN.md: "Questionnaires, reminders,
conversation"): the VAPID key, the caller's push subscriptions, reminder settings and
the one-tap stop."""

import pytest

from reminders import services
from reminders.models import PushSubscription, ReminderSettings
from tests.reminders.push_service import Browser

pytestmark = pytest.mark.django_db

FCM = "https://fcm.googleapis.com/fcm/send/"


def subscription_body(name="phone", endpoint=None):
    browser = Browser(name)
    return {
        "endpoint": endpoint or FCM + name,
        "keys": {"p256dh": browser.p256dh, "auth": browser.auth},
    }


def test_the_public_key_is_the_configured_vapid_key(cast, api, vapid):
    response = api(cast.patient.user).get("/api/v1/push-subscriptions/key/")
    assert response.status_code == 200
    assert response.json() == {"public_key": vapid}


def test_without_keys_in_production_the_key_endpoint_says_push_is_unavailable(cast, api, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    settings.DEBUG = False
    response = api(cast.patient.user).get("/api/v1/push-subscriptions/key/")
    assert response.status_code == 503
    assert "email" in response.json()["detail"]


def test_in_debug_with_no_keys_a_development_pair_is_made_once_and_kept(
    cast, api, settings, tmp_path
):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    settings.DEBUG = True
    settings.VAPID_DEV_KEY_FILE = tmp_path / "rehab" / "vapid-dev-key.json"
    first = api(cast.patient.user).get("/api/v1/push-subscriptions/key/").json()["public_key"]
    assert settings.VAPID_DEV_KEY_FILE.stat().st_mode & 0o777 == 0o600
    from reminders.keys import _resolve

    _resolve.cache_clear()  # as after a restart: the file, not the memory, keeps the pair
    again = api(cast.patient.user).get("/api/v1/push-subscriptions/key/").json()["public_key"]
    assert first == again and len(first) == 87


def test_subscribing_twice_with_one_endpoint_stores_one_subscription(cast, api):
    client = api(cast.patient.user)
    body = subscription_body()
    first = client.post("/api/v1/push-subscriptions/", body, format="json")
    assert first.status_code == 201
    assert set(first.json()) == {"id", "endpoint", "created_at"}
    assert first.json()["endpoint"] == body["endpoint"]
    again = client.post("/api/v1/push-subscriptions/", body, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert PushSubscription.objects.count() == 1


def test_a_browser_someone_else_signs_in_on_moves_to_them(cast, api):
    body = subscription_body()
    api(cast.patient.user).post("/api/v1/push-subscriptions/", body, format="json")
    moved = api(cast.other_patient.user).post("/api/v1/push-subscriptions/", body, format="json")
    assert moved.status_code == 201
    assert PushSubscription.objects.get().user == cast.other_patient.user
    assert api(cast.patient.user).get("/api/v1/push-subscriptions/").json()["results"] == []


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/x",  # not https
        "https://169.254.169.254/latest/meta-data",  # an internal address
        "https://evil.example/fcm.googleapis.com",
        "https://fcm.googleapis.com.evil.example/x",
        "http://127.0.0.1:8000/api/v1/",  # loopback only in the push tests
    ],
)
def test_only_browser_push_services_are_accepted_as_endpoints(cast, api, endpoint):
    body = subscription_body(endpoint=endpoint)
    response = api(cast.patient.user).post("/api/v1/push-subscriptions/", body, format="json")
    assert response.status_code == 400
    assert "push service" in response.json()["endpoint"][0]


def test_apple_and_mozilla_push_endpoints_are_accepted(cast, api):
    client = api(cast.patient.user)
    for endpoint in [
        "https://web.push.apple.com/QGx",
        "https://updates.push.services.mozilla.com/wpush/v2/x",
    ]:
        assert (
            client.post(
                "/api/v1/push-subscriptions/", subscription_body(endpoint=endpoint), format="json"
            ).status_code
            == 201
        )


@pytest.mark.parametrize(
    "keys",
    [
        {"p256dh": "bm90IGEga2V5", "auth": "A" * 22},
        {"p256dh": Browser("x").p256dh, "auth": "short"},
        {},
    ],
)
def test_keys_that_are_not_a_browser_key_pair_are_refused(cast, api, keys):
    body = {"endpoint": FCM + "x", "keys": keys}
    response = api(cast.patient.user).post("/api/v1/push-subscriptions/", body, format="json")
    assert response.status_code == 400
    assert "keys" in response.json()


def test_a_patient_lists_and_deletes_only_their_own_subscriptions(cast, api):
    mine = (
        api(cast.patient.user)
        .post("/api/v1/push-subscriptions/", subscription_body("a"), format="json")
        .json()
    )
    theirs = (
        api(cast.other_patient.user)
        .post("/api/v1/push-subscriptions/", subscription_body("b"), format="json")
        .json()
    )

    listed = api(cast.patient.user).get("/api/v1/push-subscriptions/").json()["results"]
    assert [s["id"] for s in listed] == [mine["id"]]
    assert "keys" not in listed[0]
    other = api(cast.patient.user).delete(f"/api/v1/push-subscriptions/{theirs['id']}/")
    assert other.status_code == 404
    own = api(cast.patient.user).delete(f"/api/v1/push-subscriptions/{mine['id']}/")
    assert own.status_code == 204
    assert list(PushSubscription.objects.values_list("pk", flat=True)) == [theirs["id"]]


def test_reminders_are_off_until_the_patient_turns_them_on(cast, api):
    response = api(cast.patient.user).get("/api/v1/me/reminders/")
    assert response.status_code == 200
    assert response.json() == {
        "enabled": False,
        "checkin_time": "08:00",
        "session_days_enabled": True,
        "session_days": [],
        "session_time": "17:00",
        "quiet_start": None,
        "quiet_end": None,
        "channel": "push",
        "timezone": "Europe/London",
        "push_available": False,
    }
    assert not ReminderSettings.objects.exists()  # reading writes nothing


def test_a_patient_sets_times_quiet_hours_days_and_channel(cast, api, vapid):
    change = {
        "enabled": True,
        "checkin_time": "07:45",
        "quiet_start": "22:00",
        "quiet_end": "07:00",
        "session_days": [4, 0, 2, 2],
        "session_time": "18:30",
        "channel": "email",
    }
    response = api(cast.patient.user).patch("/api/v1/me/reminders/", change, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["session_days"] == [0, 2, 4]
    assert (body["checkin_time"], body["quiet_start"], body["quiet_end"]) == (
        "07:45",
        "22:00",
        "07:00",
    )
    assert body["push_available"] is True
    stored = ReminderSettings.objects.get(patient=cast.patient)
    assert (stored.enabled, stored.channel, str(stored.session_time)) == (True, "email", "18:30:00")

    off = api(cast.patient.user).patch("/api/v1/me/reminders/", {"enabled": False}, format="json")
    assert off.json()["enabled"] is False and off.json()["checkin_time"] == "07:45"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"checkin_time": "25:00"}, "checkin_time"),
        ({"quiet_start": "22:00"}, "quiet_end"),  # an end is needed too
        ({"session_days": [7]}, "session_days"),
        ({"channel": "sms"}, "channel"),
        ({"enabled": "maybe"}, "enabled"),
    ],
)
def test_bad_reminder_settings_are_a_400_naming_the_field(cast, api, change, field):
    response = api(cast.patient.user).patch("/api/v1/me/reminders/", change, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_the_stop_link_turns_reminders_off_without_signing_in(cast, api):
    services.update_settings(patient=cast.patient, changes={"enabled": True})
    token = services.stop_token(cast.patient)
    response = api(None).post("/api/v1/reminders/stop/", {"token": token}, format="json")
    assert (response.status_code, response.json()) == (200, {"enabled": False})
    assert not ReminderSettings.objects.get(patient=cast.patient).enabled
    forged = api(None).post(
        "/api/v1/reminders/stop/", {"token": f"{cast.other_patient.pk}:x"}, format="json"
    )
    assert forged.status_code == 400


def test_staff_have_no_reminder_settings_or_subscriptions(cast, api):
    assert api(cast.physio).get("/api/v1/me/reminders/").status_code == 403
    assert (
        api(cast.physio)
        .post("/api/v1/push-subscriptions/", subscription_body(), format="json")
        .status_code
        == 403
    )


def test_the_schema_documents_the_reminder_endpoints(cast, api):
    paths = api(None).get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    for path in [
        "/api/v1/push-subscriptions/",
        "/api/v1/push-subscriptions/key/",
        "/api/v1/push-subscriptions/{id}/",
        "/api/v1/me/reminders/",
        "/api/v1/reminders/stop/",
    ]:
        assert path in paths
