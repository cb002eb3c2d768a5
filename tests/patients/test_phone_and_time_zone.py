"""A patient's optional phone number, and the time zone they are created with."""

import pytest

from patients.models import Patient

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Sam Sprinter",
    "email": "sam@mail.test",
    "date_of_birth": "1994-02-03",
    "timezone": "America/New_York",
}


def test_a_patient_may_be_created_with_a_phone_number(cast, api):
    response = api(cast.physio).post(
        "/api/v1/patients/", {**NEW, "phone": "+44 7700 900123"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["phone"] == "+44 7700 900123"
    assert Patient.objects.get(pk=response.json()["id"]).timezone == "America/New_York"
    assert api(cast.physio).get(f"/api/v1/patients/{response.json()['id']}/").json()["phone"] == (
        "+44 7700 900123"
    )


def test_the_phone_number_is_optional(cast, api):
    response = api(cast.physio).post("/api/v1/patients/", NEW, format="json")
    assert response.status_code == 201
    assert response.json()["phone"] == ""


@pytest.mark.parametrize("phone", ["call me", "12", "+44 7700 900123; DROP", "0" * 40])
def test_it_rejects_what_is_not_a_phone_number(cast, api, phone):
    response = api(cast.physio).post("/api/v1/patients/", {**NEW, "phone": phone}, format="json")
    assert response.status_code == 400
    assert "phone" in response.json()
    assert not Patient.objects.filter(user__email="sam@mail.test").exists()
