"""The language on a person's profile: chosen in the app, read by emails and reports."""

import datetime as dt
import uuid

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


def test_api_messages_follow_accept_language(enrolled, api):
    patient = enrolled.patient
    tomorrow = patient.local_today() + dt.timedelta(days=1)
    body = {"id": str(uuid.uuid4()), "date": str(tomorrow), "pain_rest": 11}
    client = api(patient.user)
    dutch = client.post("/api/v1/checkins/", body, format="json", HTTP_ACCEPT_LANGUAGE="nl")
    assert dutch.status_code == 400
    errors = dutch.json()
    assert errors["pain_rest"] == ["Pijn is een heel getal van 0 (geen) tot 10 (ergst denkbaar)."]
    assert errors["pain_morning"] == ["Dit veld is vereist."]  # Django REST framework's own
    assert errors["date"][0].startswith("Deze datum ligt in de toekomst")

    english = client.post("/api/v1/checkins/", body, format="json")
    assert english.json()["pain_rest"] == [
        "Pain is a whole number from 0 (none) to 10 (worst imaginable)."
    ]


def test_a_second_check_in_for_a_day_is_a_conflict_in_dutch(enrolled, api):
    patient = enrolled.patient
    client = api(patient.user)
    day = str(patient.local_today())
    first = {"id": str(uuid.uuid4()), "date": day, "pain_rest": 1, "pain_morning": 1}
    assert client.post("/api/v1/checkins/", first, format="json").status_code == 201
    second = {**first, "id": str(uuid.uuid4())}
    response = client.post("/api/v1/checkins/", second, format="json", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 409
    assert response.json()["detail"].startswith(f"Er is al een check-in voor {day}")
