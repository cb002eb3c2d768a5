"""Bad input anywhere in the API is a 400 with a message, never a 500: non-ASCII digits
in integer query parameters, deeply nested JSON, and passwords of only spaces."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from config.params import is_id
from config.parsers import MAX_JSON_DEPTH, depth
from patients.services import create_patient

pytestmark = pytest.mark.django_db

NOT_ASCII_NUMBERS = ["²", "٣", "１２", "-1", "0", "1.5", "99999999999999999999"]


@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS)
@pytest.mark.parametrize(
    "path",
    ["checkins/", "sessions/", "runs/", "measurements/", "treatments/", "enrolments/", "alerts/"],
)
def test_a_patient_filter_that_is_not_a_plain_number_is_a_400(path, value, enrolled, api):
    response = api(enrolled.physio).get(f"/api/v1/{path}", {"patient": value})
    assert response.status_code == 400, response.content[:200]
    assert "whole number" in response.json()["patient"][0]


@pytest.mark.parametrize("value", ["²", "٣"])
def test_a_protocol_version_that_is_not_a_plain_number_is_a_400(value, enrolled, api):
    response = api(enrolled.physio).get("/api/v1/protocols/pht-loading/", {"version": value})
    assert response.status_code == 400
    assert response.json() == {"version": ["Give a version number, like 2."]}


def test_a_measurement_for_a_patient_named_in_arabic_digits_is_a_400(enrolled, api):
    body = {
        "id": "0b8e2f4a-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
        "date": str(dt.date.today()),
        "patient": "٣",
        "key": "normal_gait",
        "value": 1,
    }
    response = api(enrolled.physio).post("/api/v1/measurements/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"patient": ["Give the patient's id, a number."]}


def test_plain_ascii_ids_still_filter(enrolled, api):
    response = api(enrolled.physio).get("/api/v1/enrolments/", {"patient": enrolled.patient.pk})
    assert response.status_code == 200
    assert {row["patient"] for row in response.json()["results"]} == {enrolled.patient.pk}


def test_only_ascii_digits_make_an_id():
    assert is_id("12") and is_id(7)
    assert not any(is_id(v) for v in NOT_ASCII_NUMBERS + ["", " 1", "1 "])


BAD_CARDS = [
    "nonsense",
    "transition:",
    "transition:%C2%B2",  # ²
    "transition:%D9%A3",  # Arabic-Indic three
    "transition:0",
    "transition:-1",
    "transition:1.5",
    "transition:99999999999999999999",
    "transition:1:2",
    "next:1:stage%002:1",  # NUL inside
    "next:1:stage 2:1",
    "flare:1:yesterday",
    "x" * 500,
]


@pytest.mark.parametrize("card", BAD_CARDS)
def test_dismissing_news_that_is_no_card_id_is_a_400(card, enrolled, api):
    response = api(enrolled.patient.user).post(f"/api/v1/news/{card}/dismiss/")
    assert response.status_code == 400, response.content[:200]
    assert "not a news card" in response.json()["detail"]


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("levels", [MAX_JSON_DEPTH + 1, 200, 5000])
@pytest.mark.parametrize("path", ["checkins/", "measurements/", "auth/token/", "exports/"])
def test_a_deeply_nested_json_body_is_a_400_with_a_message(path, levels, enrolled, api):
    caller = enrolled.physio if path == "exports/" else enrolled.patient.user
    response = api(caller).post(f"/api/v1/{path}", nested(levels), content_type="application/json")
    assert response.status_code == 400, response.content[:200]
    assert "nested too deeply" in response.json()["detail"]


def test_an_ordinary_body_is_well_within_the_depth_limit():
    body = {"id": "x", "exercises": [{"exercise": "bridge", "sets": 3}], "red_flags": ["neuro"]}
    assert depth(body) == 3 < MAX_JSON_DEPTH
    assert depth(5) == 0 and depth(nested(1)) == 0  # a string is a scalar


@pytest.mark.parametrize("password", ["", " ", "        ", "\t\t\t\t\t\t\t\t\t", "\n" * 12])
def test_blank_and_whitespace_passwords_are_refused_everywhere(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert "not only spaces" in " ".join(refused.value.messages)


def test_eight_spaces_cannot_activate_an_invite(cast, api):
    patient, token = create_patient(
        created_by=cast.physio,
        name="Sam Spaces",
        email="sam@mail.test",
        date_of_birth=dt.date(1990, 1, 1),
        timezone_name="Europe/London",
    )
    response = api(None).post(f"/api/v1/auth/invite/{token}/", {"password": " " * 8}, format="json")
    assert response.status_code == 400
    assert response.json()["password"] == [
        "Choose a password with letters, numbers or symbols, not only spaces."
    ]
    patient.user.refresh_from_db()
    assert not patient.user.has_usable_password()


def test_a_password_with_inner_spaces_is_still_fine():
    validate_password("correct horse battery staple")
