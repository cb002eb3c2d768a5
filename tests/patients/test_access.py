"""What each member of the fixed cast may and may not see."""

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["patient", "other_patient", "physio", "colleague", "outsider", "clinic_admin"]


@pytest.mark.parametrize("who", ROLES)
def test_me_describes_the_caller(cast, api, who):
    user = cast.users()[who]
    body = api(user).get("/api/v1/me/").json()
    assert body["id"] == user.pk
    assert body["email"] == user.email
    assert body["name"] == user.name
    expected_role = {
        "patient": "patient",
        "other_patient": "patient",
        "clinic_admin": "clinic_admin",
    }
    assert body["role"] == expected_role.get(who, "physio")
    expected_clinic = "Hilltop Sports Clinic" if who == "outsider" else "Harbour Physio"
    assert body["clinic"]["name"] == expected_clinic
    if who == "patient":
        assert body["patient_id"] == cast.patient.pk
    elif who == "other_patient":
        assert body["patient_id"] == cast.other_patient.pk
    else:
        assert body["patient_id"] is None


def test_me_refuses_anonymous(api):
    response = api(None).get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


# Patient detail: (who, expected status). Staff of the clinic see it; patients use
# their own endpoints; everyone outside the clinic gets 404, never 403.
PATIENT_DETAIL = [
    ("physio", 200),
    ("colleague", 200),
    ("clinic_admin", 200),
    ("outsider", 404),
    ("patient", 403),
    ("other_patient", 403),
    ("anonymous", 401),
]


@pytest.mark.parametrize(("who", "status"), PATIENT_DETAIL)
def test_patient_detail_is_visible_only_to_staff_of_their_clinic(cast, api, who, status):
    response = api(cast.users()[who]).get(f"/api/v1/patients/{cast.patient.pk}/")
    assert response.status_code == status
    if status == 200:
        assert response.json()["name"] == "Robin Runner"
        assert response.json()["treating_physio"] == cast.physio.pk


@pytest.mark.parametrize("who", ["physio", "colleague", "clinic_admin", "outsider"])
def test_patient_list_holds_only_the_callers_clinic(cast, api, who):
    body = api(cast.users()[who]).get("/api/v1/patients/").json()
    names = sorted(row["name"] for row in body["results"])
    assert body["count"] == len(names)
    if who == "outsider":
        assert names == []
    else:
        assert names == ["Casey Cyclist", "Robin Runner"]


def test_a_patient_cannot_list_patients(cast, api):
    assert api(cast.patient.user).get("/api/v1/patients/").status_code == 403


def test_an_unknown_patient_id_is_a_json_404(cast, api):
    response = api(cast.physio).get("/api/v1/patients/999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Patient matches the given query."}
