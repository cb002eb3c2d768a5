"""Every staff read of a patient's record and every export download leaves an access
event; the clinic admin sees their own clinic's trail, in the API and in /admin/."""

import datetime as dt

import pytest
from django.test import Client

from exports.models import ExportJob
from privacy.models import AccessEvent
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def events(user=None):
    rows = AccessEvent.objects.order_by("id")
    if user is not None:
        rows = rows.filter(user=user)
    return [(e.kind, e.patient_id, e.detail) for e in rows]


@pytest.mark.parametrize(
    ("path", "kind", "detail"),
    [
        ("patients/{pk}/", "patient", ""),
        ("patients/{pk}/report.html", "report", "report_html"),
        ("patients/{pk}/report.pdf", "report", "report_pdf"),
        ("patients/{pk}/fhir/", "fhir", "fhir"),
        ("checkins/?patient={pk}", "logs", "checkin"),
        ("sessions/?patient={pk}", "logs", "session"),
        ("runs/?patient={pk}", "logs", "run"),
        ("measurements/?patient={pk}", "logs", "measurement"),
        ("treatments/?patient={pk}", "logs", "treatment"),
        ("enrolments/?patient={pk}", "logs", "enrolments"),
    ],
)
def test_a_staff_read_of_a_patients_record_is_audited(path, kind, detail, enrolled, api):
    response = api(enrolled.physio).get("/api/v1/" + path.format(pk=enrolled.patient.pk))
    assert response.status_code == 200
    assert events(enrolled.physio) == [(kind, enrolled.patient.pk, detail)]
    event = AccessEvent.objects.get()
    assert (event.user_email, event.clinic_id) == ("physio@harbour.test", enrolled.physio.clinic_id)


def test_a_patient_reading_their_own_record_is_not_an_access_event(enrolled, api):
    client = api(enrolled.patient.user)
    for path in [
        "checkins/",
        f"enrolments/?patient={enrolled.patient.pk}",
        f"patients/{enrolled.patient.pk}/report.html",
    ]:
        assert client.get("/api/v1/" + path).status_code == 200
    assert events() == []


def test_reads_outside_the_callers_scope_leave_no_event(enrolled, api):
    api(enrolled.outsider).get(f"/api/v1/patients/{enrolled.patient.pk}/")
    api(enrolled.outsider).get("/api/v1/checkins/", {"patient": enrolled.patient.pk})
    assert events() == []


def test_an_export_download_is_audited(enrolled, api, settings, tmp_path):
    settings.EXPORT_ROOT = tmp_path
    (tmp_path / "job.zip").write_bytes(b"PK")
    today = dt.date.today()
    job = ExportJob.objects.create(
        kind="logs_csv",
        status="done",
        clinic=enrolled.physio.clinic,
        created_by=enrolled.physio,
        date_from=today,
        date_to=today,
        file="job.zip",
        file_name="logs.zip",
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
    )
    response = api(enrolled.physio).get(f"/api/v1/exports/{job.pk}/download/")
    assert response.status_code == 200
    assert events(enrolled.physio) == [("export_download", None, f"export {job.pk} (logs_csv)")]


def test_the_clinic_admin_lists_their_clinics_trail_and_nobody_elses(enrolled, api):
    api(enrolled.physio).get(f"/api/v1/patients/{enrolled.patient.pk}/")
    api(enrolled.outsider).get("/api/v1/patients/")  # a list of names: not one record
    other_admin = StaffFactory(clinic=enrolled.outsider.clinic, role="clinic_admin")
    other_patient = enrolled.outsider.clinic.patients.create(
        user=StaffFactory(role="patient", clinic=None), date_of_birth=dt.date(1990, 1, 1)
    )
    api(enrolled.outsider).get(f"/api/v1/patients/{other_patient.pk}/")

    mine = api(enrolled.clinic_admin).get("/api/v1/access-events/").json()
    assert mine["count"] == 1
    row = mine["results"][0]
    assert (row["user_email"], row["kind"]) == ("physio@harbour.test", "patient")
    assert row["patient"] == {"id": enrolled.patient.pk, "name": "Robin Runner"}
    theirs = api(other_admin).get("/api/v1/access-events/").json()
    assert [r["patient"]["id"] for r in theirs["results"]] == [other_patient.pk]
    filtered = api(enrolled.clinic_admin).get("/api/v1/access-events/", {"patient": 999999})
    assert filtered.json()["count"] == 0
    assert api(enrolled.physio).get("/api/v1/access-events/").status_code == 403


def test_the_admin_site_shows_the_trail_read_only_and_scoped_to_the_clinic(enrolled, api):
    api(enrolled.physio).get(f"/api/v1/patients/{enrolled.patient.pk}/")
    browser = Client()
    browser.force_login(enrolled.clinic_admin)
    page = browser.get("/admin/privacy/accessevent/")
    assert page.status_code == 200
    assert b"physio@harbour.test" in page.content
    event = AccessEvent.objects.get()
    assert browser.post(f"/admin/privacy/accessevent/{event.pk}/delete/").status_code == 403
    assert browser.get("/admin/privacy/accessevent/add/").status_code == 403
