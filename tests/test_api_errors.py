"""One error shape everywhere: services raise domain errors (config.errors), one handler
gives each its status; query parameters are read by filtersets that answer 400 with the
parameter's name and a message."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.exceptions import NotFound as DrfNotFound

from config.errors import (
    Conflict,
    Gone,
    Invalid,
    NotFound,
    Unauthenticated,
    Unavailable,
    api_exception_handler,
)
from rehab.models import Alert, CheckIn


def answer(error):
    response = api_exception_handler(error, {})
    return response.status_code, response.data


def test_each_domain_error_has_its_own_status_and_a_detail():
    assert answer(NotFound("No such thing.")) == (404, {"detail": "No such thing."})
    assert answer(Conflict("Already decided.")) == (409, {"detail": "Already decided."})
    assert answer(Gone("Expired.")) == (410, {"detail": "Expired."})
    assert answer(Invalid("Not active.")) == (400, {"detail": "Not active."})
    assert answer(Unavailable("No push keys.")) == (503, {"detail": "No push keys."})


def test_field_errors_keep_their_fields_and_extra_keys_sit_beside_the_detail():
    assert answer(Invalid({"reason": ["Say why."]})) == (400, {"reason": ["Say why."]})
    status, body = answer(Conflict("Closed.", reasons=["flare: pain 6"]))
    assert (status, body) == (409, {"detail": "Closed.", "reasons": ["flare: pain 6"]})


def test_a_refused_sign_in_is_a_401_that_names_the_token_scheme():
    response = api_exception_handler(Unauthenticated("Wrong.", otp_required=True), {})
    assert response.status_code == 401
    assert response.data == {"detail": "Wrong.", "otp_required": True}
    assert response["WWW-Authenticate"] == "Token"


def test_other_exceptions_still_go_to_drf():
    assert answer(DrfNotFound())[0] == 404
    assert api_exception_handler(ValueError("a bug"), {}) is None  # a 500, as it should be


def test_an_invalid_error_reads_as_its_first_message():
    assert str(Invalid({"answers": {"q1": ["Choose 0-10."]}})) == "Choose 0-10."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params", "field", "words"),
    [
        ("checkins/", {"from": "2026-02-30"}, "from", "Use a date like"),
        ("measurements/", {"to": "yesterday"}, "to", "Use a date like"),
        ("access-events/", {"from": "31/03/2026"}, "from", "Use a date like"),
        ("questionnaire-responses/", {"questionnaire": "koos"}, "questionnaire", "valid choice"),
        ("alerts/", {"patient": "12a"}, "patient", "whole number"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(
    path, params, field, words, enrolled, cast, api
):
    response = api(cast.clinic_admin).get(f"/api/v1/{path}", params)
    assert response.status_code == 400, response.content[:200]
    assert words in response.json()[field][0]


@pytest.mark.django_db
def test_dates_filter_both_ends_inclusive(enrolled, cast, api):
    today = cast.patient.local_today()
    days = [today - dt.timedelta(days=n) for n in (0, 1, 2)]
    for day in days:
        CheckIn.objects.create(patient=cast.patient, date=day, pain_rest=1, pain_morning=1)
    response = api(cast.physio).get("/api/v1/checkins/", {"from": days[1], "to": days[0]})
    assert response.status_code == 200
    assert [row["date"] for row in response.json()["results"]] == [str(days[0]), str(days[1])]


@pytest.mark.django_db
def test_alerts_filter_by_the_day_they_were_raised(enrolled, cast, api):
    raised = Alert.objects.create(
        patient=cast.patient, kind="flare", severity="high", message="Pain flared."
    )
    today = timezone.localdate(raised.created_at)
    staff = api(cast.physio)
    assert staff.get("/api/v1/alerts/", {"from": today, "to": today}).json()["count"] == 1
    later = today + dt.timedelta(days=1)
    assert staff.get("/api/v1/alerts/", {"from": later}).json()["count"] == 0
