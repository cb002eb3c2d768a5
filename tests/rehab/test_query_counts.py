"""Pinned query counts: an N+1 fails here instead of in a benchmark."""

import pytest

from tests.rehab.conftest import checkin_body, days_ago

pytestmark = pytest.mark.django_db


def test_a_checkin_write_takes_a_handful_of_queries(enrolled, api, django_assert_max_num_queries):
    client = api(enrolled.patient.user)
    client.get("/api/v1/me/")  # warm the token
    with django_assert_max_num_queries(8):  # token, patient, first start, insert, history
        response = client.post("/api/v1/checkins/", checkin_body(enrolled.patient), format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("rows", [3, 30])
def test_listing_checkins_does_not_grow_with_rows(
    enrolled, api, django_assert_max_num_queries, rows
):
    client = api(enrolled.patient.user)
    for n in range(rows):
        client.post(
            "/api/v1/checkins/",
            checkin_body(enrolled.patient, date=days_ago(enrolled.patient, n).isoformat()),
            format="json",
        )
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/checkins/").json()["count"] == rows


def test_reading_an_enrolment_and_today(enrolled, api, django_assert_max_num_queries):
    enrolment = enrolled.patient.enrolments.get()
    client = api(enrolled.patient.user)
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/enrolments/{enrolment.pk}/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/today/").status_code == 200


def test_evaluating_takes_a_bounded_number_of_queries(enrolled, api, django_assert_max_num_queries):
    enrolment = enrolled.patient.enrolments.get()
    with django_assert_max_num_queries(25):
        api(enrolled.physio).post(f"/api/v1/enrolments/{enrolment.pk}/evaluate/")
