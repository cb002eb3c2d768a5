"""Every log endpoint against the fixed cast: a patient sees only themselves, staff only
their clinic, and anything outside the caller's scope is 404."""

import uuid

import pytest

from rehab.enrolments import enrol
from rehab.models import CheckIn, ExerciseSession, Measurement, Run
from tests.rehab.conftest import checkin_body, days_ago, session_body

pytestmark = pytest.mark.django_db

ROLES = ["patient", "other_patient", "physio", "colleague", "clinic_admin", "outsider", "anonymous"]


@pytest.fixture
def records(enrolled, shipped):
    """One record of each kind belonging to cast.patient."""
    patient = enrolled.patient
    enrol(
        patient=patient,
        version=shipped["return-to-run"],
        side="left",
        start_date=days_ago(patient, 10),
        created_by=enrolled.physio,
        entry_confirmed=True,
    )
    Measurement.objects.filter(patient=patient).delete()  # the entry check: one of each kind here
    rtr = patient.enrolments.get(protocol__slug="return-to-run")
    checkin = CheckIn.objects.create(
        patient=patient, date=days_ago(patient, 1), pain_rest=1, pain_morning=1
    )
    body = session_body(patient)
    session = ExerciseSession.objects.create(
        patient=patient,
        date=days_ago(patient, 1),
        enrolment_id=body["enrolment"],
        pain_during=1,
        pain_after=1,
    )
    run = Run.objects.create(
        patient=patient,
        enrolment=rtr,
        date=days_ago(patient, 1),
        level=1,
        run_min=6,
        walk_min=24,
        pain_during=1,
        pain_after=1,
    )
    measurement = Measurement.objects.create(
        patient=patient, date=days_ago(patient, 1), key="phat", value=60
    )
    return {"checkins": checkin, "sessions": session, "runs": run, "measurements": measurement}


ENDPOINTS = ["checkins", "sessions", "runs", "measurements"]
READ = {
    "patient": 200,
    "other_patient": 404,
    "physio": 200,
    "colleague": 200,
    "clinic_admin": 200,
    "outsider": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("who", ROLES)
def test_reading_a_patients_record(enrolled, records, api, endpoint, who):
    record = records[endpoint]
    response = api(enrolled.users()[who]).get(f"/api/v1/{endpoint}/{record.pk}/")
    assert response.status_code == READ[who]
    if response.status_code == 200:
        assert response.json()["id"] == str(record.pk)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("who", ROLES)
def test_listing_shows_only_what_the_caller_may_see(enrolled, records, api, endpoint, who):
    response = api(enrolled.users()[who]).get(f"/api/v1/{endpoint}/")
    if who == "anonymous":
        assert response.status_code == 401
        return
    ids = {row["id"] for row in response.json()["results"]}
    visible = READ[who] == 200
    assert ids == ({str(records[endpoint].pk)} if visible else set())


# Editing: the patient edits their own logs; staff edit only measurements; outside scope 404.
EDIT = {
    "patient": 200,
    "other_patient": 404,
    "physio": 403,
    "colleague": 403,
    "clinic_admin": 403,
    "outsider": 404,
    "anonymous": 401,
}
STAFF_EDIT = {**EDIT, "physio": 200, "colleague": 200, "clinic_admin": 200}
EDITS = {
    "checkins": {"note": "sore"},
    "sessions": {"pain_after": 2},
    "runs": {"limp": False},
    "measurements": {"value": 61},
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("who", ROLES)
def test_editing_a_patients_record(enrolled, records, api, endpoint, who):
    record = records[endpoint]
    response = api(enrolled.users()[who]).patch(
        f"/api/v1/{endpoint}/{record.pk}/", EDITS[endpoint], format="json"
    )
    expected = (STAFF_EDIT if endpoint == "measurements" else EDIT)[who]
    assert response.status_code == expected


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("who", ROLES)
def test_deleting_a_patients_record(enrolled, records, api, endpoint, who):
    record = records[endpoint]
    response = api(enrolled.users()[who]).delete(f"/api/v1/{endpoint}/{record.pk}/")
    expected = (STAFF_EDIT if endpoint == "measurements" else EDIT)[who]
    assert response.status_code == (204 if expected == 200 else expected)
    assert type(record).objects.filter(pk=record.pk).exists() == (expected != 200)


@pytest.mark.parametrize("who", ["physio", "colleague", "clinic_admin", "outsider"])
def test_staff_cannot_write_a_patients_checkin(enrolled, api, who):
    response = api(enrolled.users()[who]).post(
        "/api/v1/checkins/", checkin_body(enrolled.patient), format="json"
    )
    assert response.status_code == 403


def test_anonymous_cannot_write(enrolled, api):
    response = api(None).post("/api/v1/checkins/", checkin_body(enrolled.patient), format="json")
    assert response.status_code == 401


ENROLMENT_READ = READ


@pytest.mark.parametrize("who", ROLES)
def test_reading_an_enrolment(enrolled, api, who):
    enrolment = enrolled.patient.enrolments.get()
    response = api(enrolled.users()[who]).get(f"/api/v1/enrolments/{enrolment.pk}/")
    assert response.status_code == ENROLMENT_READ[who]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("patient", 403),
        ("physio", 201),
        ("clinic_admin", 201),
        ("outsider", 400),
        ("anonymous", 401),
    ],
)
def test_enrolling_a_patient(enrolled, api, shipped, who, status):
    body = {
        "patient": enrolled.patient.pk,
        "protocol": "return-to-run",
        "side": "left",
        "start_date": days_ago(enrolled.patient, 2).isoformat(),
        "entry_confirmed": True,
    }
    response = api(enrolled.users()[who]).post("/api/v1/enrolments/", body, format="json")
    assert response.status_code == status
    if status == 400:  # another clinic's patient is indistinguishable from no patient
        assert response.json() == {
            "patient": [f"No patient with id {enrolled.patient.pk} in your clinic."]
        }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("patient", 200),
        ("other_patient", 200),
        ("physio", 403),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_today_is_for_patients(enrolled, api, who, status):
    assert api(enrolled.users()[who]).get("/api/v1/today/").status_code == status


def test_an_unknown_log_id_is_404(enrolled, api):
    response = api(enrolled.patient.user).get(f"/api/v1/checkins/{uuid.uuid4()}/")
    assert response.status_code == 404
