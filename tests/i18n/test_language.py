"""The language on a person's profile: chosen in the app, read by emails and reports."""

import pytest


def test_a_new_account_has_no_language_until_one_is_chosen(cast, api):
    response = api(cast.patient.user).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["language"] == ""


def test_a_patient_chooses_dutch_and_the_profile_keeps_it(cast, api):
    client = api(cast.patient.user)
    response = client.patch("/api/v1/me/", {"language": "nl"}, format="json")
    assert response.status_code == 200
    assert response.json()["language"] == "nl"
    cast.patient.user.refresh_from_db()
    assert cast.patient.user.language == "nl"
    assert client.get("/api/v1/me/").json()["language"] == "nl"


def test_a_language_the_app_does_not_speak_is_400_with_a_message(cast, api):
    response = api(cast.patient.user).patch("/api/v1/me/", {"language": "fr"}, format="json")
    assert response.status_code == 400
    assert "language" in response.json()
    cast.patient.user.refresh_from_db()
    assert cast.patient.user.language == ""


@pytest.mark.parametrize("field", ["email", "name", "role"])
def test_the_profile_patch_changes_nothing_but_the_language(cast, api, field):
    user = cast.patient.user
    before = getattr(user, field)
    response = api(user).patch("/api/v1/me/", {field: "physio"}, format="json")
    assert response.status_code == 200
    user.refresh_from_db()
    assert getattr(user, field) == before
