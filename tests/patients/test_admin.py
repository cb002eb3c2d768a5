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


def test_a_superuser_belongs_to_no_clinic_and_no_clinic_admin_sees_them(cast, client):
    from patients.models import User

    root = User.objects.create_superuser("root@install.test", "a-long-root-password-1")
    assert root.clinic_id is None
    client.force_login(cast.clinic_admin)
    staff = client.get("/admin/patients/user/").content.decode()
    assert "root@install.test" not in staff
    assert client.get(f"/admin/patients/user/{root.pk}/change/").status_code == 302
    assert client.get(f"/admin/patients/user/{root.pk}/password/").status_code == 403


def test_a_superuser_cannot_be_put_in_a_clinic(cast):
    from django.db import IntegrityError, transaction

    from patients.models import User

    root = User.objects.create_superuser("root@install.test", "a-long-root-password-1")
    root.clinic = cast.physio.clinic
    with pytest.raises(IntegrityError), transaction.atomic():
        root.save()


def test_createsuperuser_works_from_the_command_line(db, monkeypatch):
    from django.core.management import call_command

    from patients.models import User

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-root-password-1")
    call_command(
        "createsuperuser", "--noinput", email="root@install.test", name="Root", verbosity=0
    )
    root = User.objects.get(email="root@install.test")
    assert (root.is_superuser, root.clinic_id) == (True, None)


def test_a_clinic_admin_sees_no_patients_among_the_users(cast, client):
    client.force_login(cast.clinic_admin)
    staff = client.get("/admin/patients/user/").content.decode()
    assert cast.patient.user.email not in staff


def test_a_clinic_admin_cannot_set_a_colleagues_password_or_email(cast, client):
    client.force_login(cast.clinic_admin)
    url = f"/admin/patients/user/{cast.physio.pk}/password/"
    response = client.post(url, {"password1": "taken-over-99!", "password2": "taken-over-99!"})
    assert response.status_code == 403
    form = client.get(f"/admin/patients/user/{cast.physio.pk}/change/").context["adminform"]
    assert "email" in form.readonly_fields
