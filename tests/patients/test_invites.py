"""The invite flow end to end through the API."""

import pytest
from django.core import mail

from patients.models import Invite

pytestmark = pytest.mark.django_db

NEW_PATIENT = {
    "name": "Morgan Lee",
    "email": "Morgan.Lee@mail.test",
    "date_of_birth": "1987-03-14",
    "timezone": "Pacific/Auckland",
}


def create_patient(api, physio, **overrides):
    return api(physio).post("/api/v1/patients/", {**NEW_PATIENT, **overrides}, format="json")


def test_a_physio_creates_a_patient_who_accepts_the_invite_and_signs_in(
    cast, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = create_patient(api, cast.physio)
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Morgan Lee"
    assert body["email"] == "morgan.lee@mail.test"
    assert body["treating_physio"] == cast.physio.pk
    assert body["clinic"] == {"id": cast.physio.clinic_id, "name": "Harbour Physio"}
    assert (body["treating_physio_name"], body["account_active"]) == ("Pat Physio", False)
    token = body["invite_token"]

    # The invite email went out with a link to the same invite (signed again when sent,
    # so its timestamp part may differ from the response's).
    assert len(mail.outbox) == 1
    assert f"/invite/{token.split(':')[0]}:" in mail.outbox[0].body
    assert "does not diagnose" in mail.outbox[0].body

    # Before accepting, the patient cannot sign in.
    anon = api(None)
    login = {"email": "morgan.lee@mail.test", "password": "a-long-new-password-1"}
    assert anon.post("/api/v1/auth/token/", login, format="json").status_code in (401, 403)

    accepted = anon.post(
        f"/api/v1/auth/invite/{token}/", {"password": "a-long-new-password-1"}, format="json"
    )
    assert accepted.status_code == 200
    me = api(None)
    me.credentials(HTTP_AUTHORIZATION=f"Token {accepted.json()['token']}")
    assert me.get("/api/v1/me/").json()["patient_id"] == body["id"]
    assert anon.post("/api/v1/auth/token/", login, format="json").status_code == 200
    shown = api(cast.physio).get(f"/api/v1/patients/{body['id']}/").json()
    assert shown["account_active"] is True


def test_a_used_invite_is_refused_with_a_clear_message(cast, api):
    token = create_patient(api, cast.physio).json()["invite_token"]
    url = f"/api/v1/auth/invite/{token}/"
    assert api(None).post(url, {"password": "a-long-new-password-1"}).status_code == 200
    again = api(None).post(url, {"password": "another-long-password-2"})
    assert again.status_code == 400
    assert again.json() == {
        "detail": "This invite has already been used. Sign in with your password."
    }


def test_a_tampered_invite_is_refused(cast, api):
    token = create_patient(api, cast.physio).json()["invite_token"]
    response = api(None).post(f"/api/v1/auth/invite/{token}x/", {"password": "a-long-pass-99"})
    assert response.status_code == 400
    assert "not valid" in response.json()["detail"]


def test_an_expired_invite_is_refused(cast, api, settings):
    token = create_patient(api, cast.physio).json()["invite_token"]
    settings.INVITE_VALID_DAYS = -1
    response = api(None).post(f"/api/v1/auth/invite/{token}/", {"password": "a-long-pass-99"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("This invite has expired")


def test_a_reissued_invite_replaces_the_old_one(cast, api):
    created = create_patient(api, cast.physio).json()
    new = api(cast.physio).post(f"/api/v1/patients/{created['id']}/invite/")
    assert new.status_code == 201
    old = api(None).post(
        f"/api/v1/auth/invite/{created['invite_token']}/", {"password": "a-long-pass-99"}
    )
    assert old.status_code == 400
    assert "newer invite" in old.json()["detail"]
    fresh = api(None).post(
        f"/api/v1/auth/invite/{new.json()['token']}/", {"password": "a-long-pass-99"}
    )
    assert fresh.status_code == 200


def test_a_weak_password_is_refused_and_the_invite_stays_usable(cast, api):
    token = create_patient(api, cast.physio).json()["invite_token"]
    weak = api(None).post(f"/api/v1/auth/invite/{token}/", {"password": "123"})
    assert weak.status_code == 400
    assert "too short" in " ".join(weak.json()["password"])
    assert Invite.objects.get().accepted_at is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        (
            "timezone",
            "Mars/Olympus",
            "'Mars/Olympus' is not a known time zone (e.g. Europe/London).",
        ),
        ("date_of_birth", "2999-01-01", "Date of birth cannot be in the future."),
        ("name", "   ", "This field may not be blank."),
    ],
)
def test_bad_patient_fields_are_400_with_a_message(cast, api, field, value, message):
    response = create_patient(api, cast.physio, **{field: value})
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_an_email_already_in_use_is_refused(cast, api):
    response = create_patient(api, cast.physio, email=cast.patient.user.email.upper())
    assert response.status_code == 400
    assert response.json() == {"email": ["Someone with this email already has an account."]}


def test_a_treating_physio_from_another_clinic_is_refused(cast, api):
    response = create_patient(api, cast.clinic_admin, treating_physio=cast.outsider.pk)
    assert response.status_code == 400
    assert "treating_physio" in response.json()


def test_patients_cannot_create_patients(cast, api):
    assert create_patient(api, cast.patient.user).status_code == 403


def test_staff_cannot_reinvite_a_patient_who_has_set_a_password(cast, api):
    """A re-invite would let the physio choose the patient's password and act as them."""
    password_before = cast.patient.user.password
    response = api(cast.physio).post(f"/api/v1/patients/{cast.patient.pk}/invite/")
    assert response.status_code == 409
    assert "password" in response.json()["detail"]
    assert set(response.json()) == {"detail"}  # no invite token, no API token
    assert not Invite.objects.filter(patient=cast.patient).exists()
    cast.patient.user.refresh_from_db()
    assert cast.patient.user.password == password_before


def test_an_accepted_invite_makes_the_account_uninvitable(cast, api):
    created = create_patient(api, cast.physio).json()
    accepted = api(None).post(
        f"/api/v1/auth/invite/{created['invite_token']}/", {"password": "a-long-pass-99"}
    )
    assert accepted.status_code == 200
    again = api(cast.clinic_admin).post(f"/api/v1/patients/{created['id']}/invite/")
    assert again.status_code == 409


def test_an_unused_invite_cannot_reset_an_account_that_was_activated_since(cast, api):
    from patients.models import User

    created = create_patient(api, cast.physio).json()
    user = User.objects.get(email="morgan.lee@mail.test")
    user.set_password("chosen-by-the-patient-1")  # e.g. through a password reset
    user.save()
    response = api(None).post(
        f"/api/v1/auth/invite/{created['invite_token']}/", {"password": "physio-chosen-99"}
    )
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password("chosen-by-the-patient-1")
