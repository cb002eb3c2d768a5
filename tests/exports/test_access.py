"""Every export endpoint against the fixed cast: outside the caller's scope is 404,
a patient on a staff-only endpoint 403, anonymous 401."""

import datetime as dt

import pytest

from exports import jobs
from tests.exports.conftest import start_export

pytestmark = pytest.mark.django_db

ROLES = ["patient", "other_patient", "physio", "colleague", "clinic_admin", "outsider", "anonymous"]
PATIENT_FILES = {
    "patient": 200,
    "other_patient": 404,
    "physio": 200,
    "colleague": 200,
    "clinic_admin": 200,
    "outsider": 404,
    "anonymous": 401,
}
START_JOB = {
    "patient": 403,
    "other_patient": 403,
    "physio": 202,
    "colleague": 202,
    "clinic_admin": 202,
    "outsider": 202,
    "anonymous": 401,
}
# A job the treating physio started: theirs, and their clinic admin's to see.
PHYSIOS_JOB = {
    "patient": 403,
    "other_patient": 403,
    "physio": 200,
    "colleague": 404,
    "clinic_admin": 200,
    "outsider": 404,
    "anonymous": 401,
}
LIST_JOBS = {
    "patient": 403,
    "other_patient": 403,
    "physio": 200,
    "colleague": 200,
    "clinic_admin": 200,
    "outsider": 200,
    "anonymous": 401,
}
RECORDS = {
    "patient": 403,
    "other_patient": 403,
    "physio": 403,
    "colleague": 403,
    "clinic_admin": 200,
    "outsider": 403,
    "anonymous": 401,
}


@pytest.fixture
def physios_job(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(
            user=cast.physio,
            kind="logs_csv",
            date_from=dt.date(2026, 1, 1),
            date_to=dt.date(2026, 12, 31),
        )
    job.refresh_from_db()
    assert job.status == "done"
    return job


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("path", ["report.pdf", "report.html", "fhir/"])
def test_a_patients_report_and_bundle(cast, api, who, path):
    response = api(cast.users()[who]).get(f"/api/v1/patients/{cast.patient.pk}/{path}")
    assert response.status_code == PATIENT_FILES[who]
    if response.status_code != 200:
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()


@pytest.mark.parametrize("path", ["report.pdf", "report.html", "fhir/"])
def test_a_patient_that_does_not_exist_is_a_json_404(cast, api, path):
    response = api(cast.physio).get(f"/api/v1/patients/999999/{path}")
    assert response.status_code == 404 and response.json() == {
        "detail": "No Patient matches the given query."
    }


@pytest.mark.parametrize("who", ROLES)
def test_starting_a_clinic_export(cast, api, who):
    response = start_export(api, cast.users()[who])
    assert response.status_code == START_JOB[who]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("suffix", ["", "download/"])
def test_polling_and_downloading_a_job(cast, api, physios_job, who, suffix):
    response = api(cast.users()[who]).get(f"/api/v1/exports/{physios_job.pk}/{suffix}")
    assert response.status_code == PHYSIOS_JOB[who]


@pytest.mark.parametrize("who", ROLES)
def test_listing_jobs_shows_admins_the_clinic_and_physios_their_own(cast, api, physios_job, who):
    response = api(cast.users()[who]).get("/api/v1/exports/")
    assert response.status_code == LIST_JOBS[who]
    if response.status_code == 200:
        ids = [job["id"] for job in response.json()["results"]]
        assert ids == ([physios_job.pk] if who in ("physio", "clinic_admin") else [])


@pytest.mark.parametrize("who", ROLES)
def test_listing_the_export_records(cast, api, physios_job, who):
    response = api(cast.users()[who]).get("/api/v1/exports/records/")
    assert response.status_code == RECORDS[who]


def test_an_outsider_admin_sees_none_of_another_clinics_records(cast, api, physios_job):
    from tests.factories import StaffFactory

    admin = StaffFactory(clinic=cast.outsider.clinic, role="clinic_admin")
    assert api(admin).get("/api/v1/exports/records/").json()["count"] == 0
    assert api(admin).get(f"/api/v1/exports/{physios_job.pk}/download/").status_code == 404


def test_an_unknown_job_id_is_a_json_404(cast, api):
    for path in ["/api/v1/exports/123456/", "/api/v1/exports/abc/", "/api/v1/exports/1/nope/"]:
        response = api(cast.clinic_admin).get(path)
        assert response.status_code == 404 and "detail" in response.json()


def test_a_pdf_only_client_still_gets_json_errors(cast, api):
    response = api(cast.outsider).get(
        f"/api/v1/patients/{cast.patient.pk}/report.pdf", HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
