"""API JSON read by GET is gzipped; answers to writes, which may carry tokens, are not."""

import gzip
import json

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_a_json_read_is_gzipped_when_the_client_accepts_it(cast, api, shipped):
    client = api(cast.physio)
    plain = client.get("/api/v1/protocols/pht-loading/")
    packed = client.get("/api/v1/protocols/pht-loading/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    assert len(packed.content) * 3 < len(plain.content)


def test_a_token_answer_to_a_post_stays_plain(cast):
    cast.physio.set_password("a long enough password")
    cast.physio.save()
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"email": cast.physio.email, "password": "a long enough password"},
        format="json",
        HTTP_ACCEPT_ENCODING="gzip",
    )
    assert response.status_code == 200 and "token" in response.json()
    assert "Content-Encoding" not in response
