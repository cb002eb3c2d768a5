"""Clinic admins use the Django admin for their own clinic's people only."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_clinic_admin_sees_only_their_clinics_patients_and_staff(cast, client):
    from tests.factories import PatientFactory

    PatientFactory(clinic=cast.outsider.clinic, user__name="Far Away")
    client.force_login(cast.clinic_admin)
    patients = client.get("/admin/patients/patient/").content.decode()
    assert "Robin Runner" in patients and "Casey Cyclist" in patients
    assert "Far Away" not in patients
    staff = client.get("/admin/patients/user/").content.decode()
    assert "physio@harbour.test" in staff
    assert "physio@hilltop.test" not in staff


def test_a_clinic_admin_cannot_open_another_clinics_patient(cast, client):
    from tests.factories import PatientFactory

    far = PatientFactory(clinic=cast.outsider.clinic)
    client.force_login(cast.clinic_admin)
    response = client.get(f"/admin/patients/patient/{far.pk}/change/")
    assert response.status_code == 302  # the admin redirects a missing object to its index


def test_a_clinic_admin_edits_their_patients_time_zone(cast, client):
    client.force_login(cast.clinic_admin)
    url = f"/admin/patients/patient/{cast.patient.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(timezone="Europe/Paris", date_of_birth="1990-05-17")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    cast.patient.refresh_from_db()
    assert cast.patient.timezone == "Europe/Paris"


def test_a_physio_cannot_use_the_admin(cast, client):
    client.force_login(cast.physio)
    assert client.get("/admin/patients/patient/").status_code == 302
