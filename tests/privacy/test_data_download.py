"""A patient downloads everything held about them: one zip with every record as JSON, the
FHIR bundle and the PDF report; nothing of anyone else."""

import io
import json
import zipfile

import pytest

from privacy.models import AccessEvent
from rehab.models import CheckIn, ExerciseSession, Measurement, Treatment
from tests.privacy.conftest import DELETED_NOTE, EDITED_NOTE, OTHER_NOTE, PHYSIO_NOTE

pytestmark = pytest.mark.django_db


def download(api, user) -> zipfile.ZipFile:
    response = api(user).get("/api/v1/me/data/")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_download_holds_every_record_the_fhir_bundle_and_the_report(full_record, api):
    patient = full_record.patient
    archive = download(api, patient.user)
    assert sorted(archive.namelist()) == [
        "README.txt",
        "fhir-bundle.json",
        "progress-report.pdf",
        "records.json",
    ]
    data = json.loads(archive.read("records.json"))
    records = data["records"]
    assert data["profile"]["name"] == patient.name
    expected = {
        "rehab.checkin": CheckIn.objects.filter(patient=patient).count(),
        "rehab.exercisesession": ExerciseSession.kept.filter(patient=patient).count(),
        "rehab.measurement": Measurement.objects.filter(patient=patient).count(),
        "rehab.treatment": Treatment.objects.filter(patient=patient).count(),
        "rehab.enrolment": 1,
        "rehab.phasetransition": 1,
    }
    assert {key: len(records[key]) for key in expected} == expected
    assert records["rehab.alert"] and records["rehab.alert"][0]["key"] == "neuro"
    notes = {row["note"] for row in records["rehab.checkin"]} | {
        row["note"] for row in records["rehab.treatment"]
    }
    assert {EDITED_NOTE, PHYSIO_NOTE} <= notes
    # A deleted log is kept about the patient, so the download holds it, marked deleted.
    deleted = [row for row in records["rehab.exercisesession"] if row["deleted_at"]]
    assert [(row["note"], row["deleted_by_id"]) for row in deleted] == [
        (DELETED_NOTE, patient.user_id)
    ]
    assert not ExerciseSession.objects.filter(note=DELETED_NOTE).exists()
    assert [e["user_email"] for e in data["accesses"]] == ["physio@harbour.test"] * 2
    bundle = json.loads(archive.read("fhir-bundle.json"))
    assert bundle["resourceType"] == "Bundle" and len(bundle["entry"]) > 30
    assert archive.read("progress-report.pdf").startswith(b"%PDF")


def test_the_download_holds_nothing_of_another_patient(full_record, api):
    cast = full_record
    archive = download(api, cast.patient.user)
    everything = b"".join(
        archive.read(name) for name in archive.namelist() if name != "progress-report.pdf"
    )
    for secret in (OTHER_NOTE, cast.other_patient.name, cast.other_patient.email):
        assert secret.encode() not in everything
    enrolments = set(cast.patient.enrolments.values_list("id", flat=True))
    for rows in json.loads(archive.read("records.json"))["records"].values():
        assert {row["patient_id"] for row in rows if "patient_id" in row} <= {cast.patient.pk}
        assert {row["enrolment_id"] for row in rows if row.get("enrolment_id")} <= enrolments


def test_the_download_is_recorded_and_staff_cannot_use_it(full_record, api):
    cast = full_record
    download(api, cast.patient.user)
    event = AccessEvent.objects.get(kind="data_download")
    assert (event.user, event.patient) == (cast.patient.user, cast.patient)
    for who in ("physio", "clinic_admin", "outsider"):
        assert api(cast.users()[who]).get("/api/v1/me/data/").status_code == 403
    assert api(None).get("/api/v1/me/data/").status_code == 401
