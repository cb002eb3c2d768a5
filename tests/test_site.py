"""The pages a new user opens first, and the production configuration."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

from reminders.keys import generate_pair

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/v1/schema/", "/api/docs/"])
def test_the_first_pages_are_served(client, path):
    response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path", ["/physio/patients/12", "/checkin", "/invite/4f1c-9a:1xVSGe:hRtkC8dR5TE6vjdT_c-J0"]
)
def test_client_side_routes_serve_the_app(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_the_web_manifest_has_its_media_type(client):
    if not (settings.FRONTEND_DIST / "manifest.webmanifest").exists():
        pytest.fail("the front end is not built: run `make setup`")
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    assert b'"display":"standalone"' in b"".join(response.streaming_content)


def test_the_app_is_served_compressed(client):
    index = (settings.FRONTEND_DIST / "index.html").read_text()
    script = re.search(r'src="(/assets/index-[^"]+\.js)"', index).group(1)
    response = client.get(script, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"  # `make setup` compresses the build


def test_a_nul_character_in_a_filter_is_a_400_not_a_500(cast, api):
    response = api(cast.physio).get("/api/v1/caseload/?q=a%00b")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Search and filter values may not contain a NUL character."
    }
    assert api(cast.physio).get("/api/v1/caseload/?q=ab").status_code == 200


def test_the_schema_describes_the_people_endpoints(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path in ["/api/v1/me/", "/api/v1/patients/", "/api/v1/auth/token/"]:
        assert path in schema["paths"]


def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_oversized_body_is_refused_with_413(cast, api):
    big = {"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    response = api(cast.physio).post("/api/v1/patients/", big, format="json")
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


@pytest.mark.slow  # starts manage.py in a process of its own
def test_production_settings_pass_the_deploy_check():
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x7#kq9!vR2@pLm4wT8^zN6&bH3*jF5(cY1)dG0-eA+uS_oI-production",
        "DJANGO_ALLOWED_HOSTS": "rehab.example.org",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:////tmp/deploy-check.sqlite3"),
        "REDIS_URL": "redis://127.0.0.1:1/0",
        # Without a VAPID pair reminders go by email only, which the check warns about.
        "VAPID_PRIVATE_KEY": generate_pair()[1],
        "VAPID_SUBJECT": "mailto:rehab@example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
