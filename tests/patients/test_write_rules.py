"""Who writes which records: each refusal keeps its status and its plain message, and a
record outside the caller's scope is still 404 before any role rule is asked."""

import uuid

import pytest

from patients.models import User
from rehab.models import CheckIn, Treatment

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(enrolled):
    patient = enrolled.patient
    today = patient.local_today()
    return {
        "checkin": CheckIn.objects.create(patient=patient, date=today, pain_rest=1, pain_morning=1),
        "treatment": Treatment.objects.create(
            patient=patient, date=today, kind="shockwave", recorded_by=enrolled.physio
        ),
        "enrolment": patient.enrolments.get(),
    }


def refusals(cast, records):
    checkin = f"/api/v1/checkins/{records['checkin'].pk}/"
    treatment = f"/api/v1/treatments/{records['treatment'].pk}/"
    plan = f"/api/v1/enrolments/{records['enrolment'].pk}/plan/changes/"
    return [
        (cast.physio, "post", "/api/v1/checkins/", 403, "Patients record these themselves."),
        (cast.physio, "patch", checkin, 403, "Patients edit these themselves."),
        (cast.physio, "delete", checkin, 403, "Patients edit these themselves."),
        (cast.outsider, "patch", checkin, 404, None),
        (cast.patient.user, "post", "/api/v1/treatments/", 403, "Your physio records treatments."),
        (cast.patient.user, "patch", treatment, 403, "Your physio records treatments."),
        (cast.patient.user, "delete", treatment, 403, "Your physio records treatments."),
        (cast.other_patient.user, "patch", treatment, 404, None),
        (
            cast.physio,
            "post",
            "/api/v1/questionnaire-responses/",
            403,
            "Patients answer questionnaires themselves.",
        ),
        (
            cast.patient.user,
            "post",
            plan,
            403,
            "Only the clinic's staff may change a patient's plan.",
        ),
        (cast.other_patient.user, "post", plan, 404, None),
    ]


def test_each_refused_write_keeps_its_status_and_message(cast, records, api):
    for user, method, url, status, message in refusals(cast, records):
        response = getattr(api(user), method)(url, {}, format="json")
        assert response.status_code == status, (user.email, method, url, response.content)
        if message is not None:
            assert response.json() == {"detail": message}, (method, url)


def test_a_superuser_of_no_clinic_records_nothing_for_anyone(enrolled, api):
    nobody = User.objects.create_superuser("root@install.test", "x" * 12)
    body = {"id": str(uuid.uuid4()), "patient": enrolled.patient.pk, "date": "2026-01-01"}
    for path in ["measurements/", "treatments/"]:
        response = api(nobody).post(f"/api/v1/{path}", {**body, "key": "phat"}, format="json")
        assert response.status_code == 403
        assert response.json() == {"detail": "You do not have permission to perform this action."}
