import pytest
from django.contrib.sessions.models import Session

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_token_login_returns_a_token_that_authenticates(cast, api):
    response = api(None).post(
        "/api/v1/auth/token/", {"email": "PHYSIO@harbour.test", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/me/").json()["email"] == "physio@harbour.test"


def test_token_requests_create_no_session(cast, api):
    api(None).post("/api/v1/auth/token/", {"email": "physio@harbour.test", "password": PASSWORD})
    api(cast.physio).get("/api/v1/me/")
    assert Session.objects.count() == 0


def test_a_wrong_password_is_refused_with_a_clear_message(cast, api):
    response = api(None).post(
        "/api/v1/auth/token/", {"email": "physio@harbour.test", "password": "nope"}, format="json"
    )
    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "Email or password is not correct."}


def test_a_missing_email_is_a_field_error(api, db):
    response = api(None).post("/api/v1/auth/token/", {"password": "x"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"email": ["This field is required."]}


def test_session_login_and_logout(cast, api):
    client = api(None)
    response = client.post(
        "/api/v1/auth/login/", {"email": "physio@harbour.test", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["role"] == "physio"
    assert client.get("/api/v1/me/").status_code == 200
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_sign_in_is_rate_limited(cast, api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": "3/min", "writes": "100/min"},
    }
    client = api(None)
    statuses = [
        client.post("/api/v1/auth/token/", {"email": "a@b.test", "password": "x"}).status_code
        for _ in range(4)
    ]
    assert 429 not in statuses[:3]
    assert statuses[3] == 429
