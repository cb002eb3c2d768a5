"""Every export leaves a record: who, what kind, which patient or the whole clinic, when."""

import pytest
from django.utils import timezone

from exports.models import ExportRecord
from tests.exports.conftest import start_export

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, kind", [("report.pdf", "report_pdf"), ("report.html", "report_html"), ("fhir/", "fhir")]
)
def test_a_patient_export_is_recorded_with_who_and_which_patient(cast, api, path, kind):
    before = timezone.now()
    assert api(cast.colleague).get(f"/api/v1/patients/{cast.patient.pk}/{path}").status_code == 200
    record = ExportRecord.objects.get()
    assert (record.kind, record.user, record.user_email) == (
        kind,
        cast.colleague,
        cast.colleague.email,
    )
    assert (record.patient, record.clinic_wide, record.clinic_id) == (
        cast.patient,
        False,
        cast.physio.clinic_id,
    )
    assert before <= record.created_at <= timezone.now()


def test_a_patient_downloading_their_own_report_is_recorded_too(cast, api):
    api(cast.patient.user).get(f"/api/v1/patients/{cast.patient.pk}/fhir/")
    assert ExportRecord.objects.get().user == cast.patient.user


def test_refused_exports_leave_no_record(cast, api):
    api(cast.outsider).get(f"/api/v1/patients/{cast.patient.pk}/report.pdf")
    api(cast.patient.user).post("/api/v1/exports/", {"kind": "logs_csv"}, format="json")
    start_export(api, cast.physio, kind="nonsense")
    assert not ExportRecord.objects.exists()


def test_a_clinic_export_is_recorded_as_clinic_wide_with_its_dates(cast, api):
    job = start_export(
        api, cast.physio, kind="outcome_report", start="2026-01-01", end="2026-03-31"
    ).json()
    record = ExportRecord.objects.get()
    assert (record.kind, record.user, record.job_id, record.patient) == (
        "outcome_report",
        cast.physio,
        job["id"],
        None,
    )
    assert record.clinic_wide and (str(record.date_from), str(record.date_to)) == (
        "2026-01-01",
        "2026-03-31",
    )


def test_clinic_admins_list_every_export_of_their_clinic_newest_first(cast, api):
    api(cast.physio).get(f"/api/v1/patients/{cast.patient.pk}/report.html")
    api(cast.patient.user).get(f"/api/v1/patients/{cast.patient.pk}/fhir/")
    start_export(api, cast.colleague)
    start_export(api, cast.outsider)  # another clinic: not listed
    body = api(cast.clinic_admin).get("/api/v1/exports/records/").json()
    assert body["count"] == 3
    rows = body["results"]
    assert [r["kind"] for r in rows] == ["logs_csv", "fhir", "report_html"]
    assert rows[0]["clinic_wide"] is True and rows[0]["patient"] is None
    assert rows[0]["user"] == {"id": cast.colleague.pk, "email": cast.colleague.email}
    assert rows[1]["patient"] == {"id": cast.patient.pk, "name": "Robin Runner"}


def test_the_record_outlives_the_account_that_exported(cast, api):
    start_export(api, cast.colleague)
    cast.colleague.delete()
    record = ExportRecord.objects.get()
    assert record.user is None and record.user_email == "colleague@harbour.test"
