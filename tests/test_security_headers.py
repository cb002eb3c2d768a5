"""Every response carries a strict Content-Security-Policy and a Permissions-Policy: the
PWA's pages, the API, the files WhiteNoise serves (the service worker) and the API docs."""

import re

import pytest
from django.conf import settings

from config.headers import permissions_policy

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in parts}


def assert_strict(response):
    policy = directives(response)
    assert policy["default-src"] == {"'self'"}
    assert policy["script-src"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    assert policy["base-uri"] == {"'self'"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["form-action"] == {"'self'"}
    assert policy["img-src"] == {"'self'", "data:", "blob:"}
    for name in ["connect-src", "worker-src", "manifest-src"]:
        assert policy[name] == {"'self'"}
    assert not any("'unsafe-inline'" in values for values in policy.values())
    assert not any("'unsafe-eval'" in values for values in policy.values())
    permissions = response["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in permissions
    assert "clipboard-write" not in permissions  # the physio copies an invite link


@pytest.mark.parametrize("path", ["/", "/physio", "/forgot", "/admin/login/", "/api/docs/"])
def test_html_pages_carry_both_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert_strict(response)


def test_an_api_response_carries_both_headers(cast, api):
    response = api(cast.physio).get("/api/v1/caseload/")
    assert response.status_code == 200
    assert_strict(response)


def test_an_api_error_carries_both_headers(client):
    assert_strict(client.get("/api/v1/me/"))  # 401/403 from the API
    assert_strict(client.get("/api/v1/nothing-here/"))  # the JSON 404


def test_the_service_worker_carries_both_headers(client):
    if not (settings.FRONTEND_DIST / "sw.js").exists():
        pytest.fail("the front end is not built: run `make setup`")
    response = client.get("/sw.js")  # served by WhiteNoise, before the URL conf
    assert response.status_code == 200
    assert_strict(response)


def test_the_pwa_page_has_no_inline_script():
    index = (settings.FRONTEND_DIST / "index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", index)  # every script is a file
    assert "<style" not in index


def test_the_api_docs_inline_style_runs_under_a_nonce_and_its_script_is_a_file(client):
    response = client.get("/api/docs/")
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
    assert '<script src="/api/docs/?script="></script>' in response.content.decode()
    assert "<script>" not in response.content.decode()
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"] == "application/javascript"
    assert "SwaggerUIBundle" in script.content.decode()


def test_a_page_without_inline_style_gets_no_nonce(client):
    assert "'nonce-" not in client.get("/")["Content-Security-Policy"]


def test_the_permissions_policy_header_is_written_in_its_own_syntax():
    features = {"camera": [], "clipboard-write": ["self"]}
    assert permissions_policy(features) == "camera=(), clipboard-write=(self)"


def test_the_report_pages_style_runs_under_a_nonce(enrolled, api):
    response = api(enrolled.physio).get(f"/api/v1/patients/{enrolled.patient.pk}/report.html")
    assert response.status_code == 200
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
