"""Sign-in defences: throttles on the real client address, per-account lockout, hashed
expiring tokens, login CSRF, password reset by email and the staff second factor."""

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from patients import twofactor
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXP"
TOKEN_URL = "/api/v1/auth/token/"


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key):06d}"


def rates(settings, login="3/min", proxies=0):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "NUM_PROXIES": proxies,
        "DEFAULT_THROTTLE_RATES": {"login": login, "writes": "100/min"},
    }


def guess(client, n, **headers):
    return client.post(
        TOKEN_URL, {"email": "physio@harbour.test", "password": f"guess-{n}"}, **headers
    ).status_code


def test_rotating_x_forwarded_for_does_not_escape_the_sign_in_throttle(cast, settings):
    rates(settings)
    client = APIClient()
    statuses = [guess(client, n, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(6)]
    assert statuses[:3] == [401, 401, 401]
    assert set(statuses[3:]) == {429}


def test_behind_one_trusted_proxy_the_address_it_saw_is_the_key(cast, settings):
    rates(settings, proxies=1)
    client = APIClient()
    # The client prepends whatever it likes; the proxy appends the real address last.
    statuses = [
        guess(client, n, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 198.51.100.7") for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    assert guess(client, 9, HTTP_X_FORWARDED_FOR="198.51.100.8") == 401  # someone else


def test_the_admin_login_is_throttled_too_whatever_the_forwarded_header(cast, client, settings):
    rates(settings)
    statuses = [
        client.post(
            "/admin/login/",
            {"username": "admin@harbour.test", "password": f"guess-{n}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(5)
    ]
    assert statuses[:3] == [200, 200, 200]  # the form again, with its error
    assert set(statuses[3:]) == {429}


def test_an_account_is_locked_after_repeated_failures_from_many_addresses(cast, settings):
    rates(settings, login="1000/min", proxies=1)
    settings.AXES_FAILURE_LIMIT = 4
    client = APIClient()
    statuses = [guess(client, n, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(4)]
    assert statuses == [401, 401, 401, 429]  # the fourth failure locks
    locked = client.post(
        TOKEN_URL,
        {"email": "Physio@Harbour.test", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert locked.status_code == 429
    assert "reset your password" in locked.json()["detail"]
    assert AccessAttempt.objects.filter(username="physio@harbour.test").exists()
    assert AccessFailureLog.objects.filter(username="physio@harbour.test").count() >= 4


def test_the_admin_login_locks_out_the_same_way(cast, client, settings):
    rates(settings, login="1000/min")
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(3):
        client.post("/admin/login/", {"username": "admin@harbour.test", "password": f"x{n}"})
    response = client.post("/admin/login/", {"username": "admin@harbour.test", "password": "y"})
    assert response.status_code == 429


def test_a_wrong_password_is_401_with_a_message(cast):
    response = APIClient().post(
        TOKEN_URL, {"email": "physio@harbour.test", "password": "nope"}, format="json"
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Email or password is not correct."}


def test_session_login_needs_the_csrf_token(cast):
    client = APIClient(enforce_csrf_checks=True)
    body = {"email": "physio@harbour.test", "password": PASSWORD}
    refused = client.post("/api/v1/auth/login/", body, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/")  # the PWA's page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    signed_in = client.post("/api/v1/auth/login/", body, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert signed_in.status_code == 200


def test_tokens_are_stored_hashed_and_expire(cast, settings):
    token = APIClient().post(TOKEN_URL, {"email": "physio@harbour.test", "password": PASSWORD})
    key = token.json()["token"]
    stored = AuthToken.objects.get(user=cast.physio)
    assert key not in (stored.digest, stored.token_key)
    assert dt.timedelta(days=6) < stored.expiry - stored.created <= dt.timedelta(days=7)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 200
    AuthToken.objects.update(expiry=stored.created)
    assert client.get("/api/v1/me/").status_code == 401


def test_logout_revokes_the_token(cast):
    key = APIClient().post(TOKEN_URL, {"email": "physio@harbour.test", "password": PASSWORD})
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key.json()['token']}")
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_a_password_change_revokes_every_token(cast, api):
    client = api(cast.physio)
    cast.physio.set_password("a-brand-new-password-7")
    cast.physio.save()
    assert client.get("/api/v1/me/").status_code == 401


def test_password_reset_answers_the_same_for_unknown_emails(cast):
    client = APIClient()
    known = client.post("/api/v1/auth/password-reset/", {"email": "physio@harbour.test"})
    unknown = client.post("/api/v1/auth/password-reset/", {"email": "nobody@harbour.test"})
    assert (known.status_code, unknown.status_code) == (202, 202)
    assert known.json() == unknown.json()
    assert [m.to for m in mail.outbox] == [["physio@harbour.test"]]


def test_a_patient_resets_their_password_from_the_emailed_link(cast, api):
    old_session = api(cast.patient.user)
    client = APIClient()
    client.post("/api/v1/auth/password-reset/", {"email": cast.patient.user.email})
    body = mail.outbox[0].body
    assert cast.patient.user.name not in body  # emails name no one
    uid, token = re.search(r"/reset/([^/\s]+)/([^/\s]+)", body).groups()
    confirm = {"uid": uid, "token": token, "password": "hedgerow-copper-kettle-8"}
    response = client.post("/api/v1/auth/password-reset/confirm/", confirm)
    assert response.status_code == 200
    assert old_session.get("/api/v1/me/").status_code == 401  # old tokens end
    again = client.post("/api/v1/auth/password-reset/confirm/", confirm)
    assert again.status_code == 400  # the link works once
    signed_in = client.post(
        TOKEN_URL, {"email": cast.patient.user.email, "password": "hedgerow-copper-kettle-8"}
    )
    assert signed_in.status_code == 200


def test_a_bad_reset_link_is_400_with_a_message(cast):
    response = APIClient().post(
        "/api/v1/auth/password-reset/confirm/",
        {"uid": "MQ", "token": "nope", "password": "hedgerow-copper-kettle-8"},
    )
    assert response.status_code == 400
    assert "not valid" in response.json()["detail"]


def test_a_clinic_admin_sets_up_a_second_factor_at_first_sign_in(cast):
    client = APIClient()
    body = {"email": "admin@harbour.test", "password": PASSWORD}
    first = client.post(TOKEN_URL, body, format="json")
    assert first.status_code == 401
    assert first.json()["otp_required"] is True
    setup = first.json()["otp_setup"]
    assert setup["uri"].startswith("otpauth://totp/")
    device = TOTPDevice.objects.get(user=cast.clinic_admin)
    signed_in = client.post(TOKEN_URL, {**body, "otp": f"{totp(device.bin_key):06d}"})
    assert signed_in.status_code == 200
    assert len(signed_in.json()["recovery_codes"]) == twofactor.RECOVERY_CODES
    # From now on the code is required.
    again = client.post(TOKEN_URL, body, format="json")
    assert (again.status_code, again.json()["otp_required"]) == (401, True)
    assert "otp_setup" not in again.json()


def test_an_enrolled_account_needs_a_right_code_or_a_recovery_code(cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code
    twofactor.enrol(cast.clinic_admin, secret_base32=SECRET)
    codes = twofactor.new_recovery_codes(cast.clinic_admin)
    client = APIClient()
    body = {"email": "admin@harbour.test", "password": PASSWORD}
    wrong = client.post(TOKEN_URL, {**body, "otp": "000000"})
    assert wrong.status_code == 401 and wrong.json()["otp_required"] is True
    assert client.post(TOKEN_URL, {**body, "otp": code_for(cast.clinic_admin)}).status_code == 200
    assert client.post(TOKEN_URL, {**body, "otp": codes[0]}).status_code == 200
    assert client.post(TOKEN_URL, {**body, "otp": codes[0]}).status_code == 401  # used up


def test_a_physio_needs_no_second_factor_unless_the_clinic_asks(cast):
    body = {"email": "physio@harbour.test", "password": PASSWORD}
    assert APIClient().post(TOKEN_URL, body).status_code == 200
    clinic = cast.physio.clinic
    clinic.two_factor_for_staff = True
    clinic.save()
    assert APIClient().post(TOKEN_URL, body).json()["otp_required"] is True


def test_a_patient_may_opt_in_to_a_second_factor(cast, api, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = api(cast.patient.user)
    setup = client.post("/api/v1/me/two-factor/")
    assert setup.status_code == 201 and setup.json()["uri"].startswith("otpauth://")
    device = TOTPDevice.objects.get(user=cast.patient.user)
    assert client.post("/api/v1/me/two-factor/confirm/", {"otp": "000000"}).status_code == 400
    confirmed = client.post(
        "/api/v1/me/two-factor/confirm/", {"otp": f"{totp(device.bin_key):06d}"}
    )
    assert confirmed.status_code == 200
    body = {"email": cast.patient.user.email, "password": PASSWORD}
    assert APIClient().post(TOKEN_URL, body).json()["otp_required"] is True


def test_the_admin_asks_for_the_code_of_staff_who_have_one(cast, client):
    twofactor.enrol(cast.clinic_admin, secret_base32=SECRET)
    login = {"username": "admin@harbour.test", "password": PASSWORD}
    without = client.post("/admin/login/", login)
    assert without.status_code == 200 and "6-digit code" in without.content.decode()
    ok = client.post("/admin/login/", {**login, "otp": code_for(cast.clinic_admin)})
    assert ok.status_code == 302
    assert client.get("/admin/patients/patient/").status_code == 200
