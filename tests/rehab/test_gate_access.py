"""The gate endpoints against the fixed cast: outside the caller's scope is 404."""

import pytest

from rehab.enrolments import enrol
from rehab.models import Alert, PhaseTransition
from tests.rehab.conftest import days_ago

pytestmark = pytest.mark.django_db

ROLES = ["patient", "other_patient", "physio", "colleague", "clinic_admin", "outsider", "anonymous"]
STAFF_ONLY = {
    "patient": 403,
    "other_patient": 403,
    "physio": 200,
    "colleague": 200,
    "clinic_admin": 200,
    "outsider": 404,
    "anonymous": 401,
}


@pytest.fixture
def pending(cast, shipped):
    enrolment = enrol(
        patient=cast.patient,
        version=shipped["pht-loading"],
        side="left",
        start_date=days_ago(cast.patient, 20),
        created_by=cast.physio,
    )
    transition = PhaseTransition.objects.create(
        enrolment=enrolment,
        from_phase=enrolment.current_phase,
        to_phase=enrolment.version.phases.get(key="stage-2"),
        decision="ready_for_review",
        status="pending",
        trigger="nightly",
        evaluated_on=days_ago(cast.patient, 0),
    )
    alert = Alert.objects.create(
        patient=cast.patient,
        enrolment=enrolment,
        kind="ready_for_review",
        severity="routine",
        message="Ready",
    )
    return enrolment, transition, alert


@pytest.mark.parametrize("who", ROLES)
def test_evaluate_now(cast, api, pending, who):
    enrolment, _, _ = pending
    response = api(cast.users()[who]).post(f"/api/v1/enrolments/{enrolment.pk}/evaluate/")
    assert response.status_code == STAFF_ONLY[who]


TRANSITIONS_READ = {
    "patient": 200,
    "other_patient": 404,
    "physio": 200,
    "colleague": 200,
    "clinic_admin": 200,
    "outsider": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("who", ROLES)
def test_reading_transitions(cast, api, pending, who):
    enrolment, _, _ = pending
    response = api(cast.users()[who]).get(f"/api/v1/enrolments/{enrolment.pk}/transitions/")
    assert response.status_code == TRANSITIONS_READ[who]


@pytest.mark.parametrize("decision", ["approve", "decline"])
@pytest.mark.parametrize("who", ROLES)
def test_deciding_a_review(cast, api, pending, who, decision):
    _, transition, _ = pending
    response = api(cast.users()[who]).post(f"/api/v1/transitions/{transition.pk}/{decision}/")
    assert response.status_code == STAFF_ONLY[who]
    transition.refresh_from_db()
    assert (transition.status == "pending") == (STAFF_ONLY[who] != 200)


@pytest.mark.parametrize("who", ROLES)
def test_overriding_a_phase(cast, api, pending, who):
    enrolment, _, _ = pending
    response = api(cast.users()[who]).post(
        f"/api/v1/enrolments/{enrolment.pk}/override/", {"to_phase": "stage-2", "reason": "ok"}
    )
    assert response.status_code == (201 if STAFF_ONLY[who] == 200 else STAFF_ONLY[who])


@pytest.mark.parametrize("who", ROLES)
def test_listing_alerts(cast, api, pending, who):
    response = api(cast.users()[who]).get("/api/v1/alerts/")
    assert response.status_code == (STAFF_ONLY[who] if who != "outsider" else 200)
    if response.status_code == 200:
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == ([] if who == "outsider" else [pending[2].pk])


@pytest.mark.parametrize("who", ROLES)
def test_acknowledging_an_alert(cast, api, pending, who):
    alert = pending[2]
    response = api(cast.users()[who]).post(f"/api/v1/alerts/{alert.pk}/acknowledge/")
    assert response.status_code == STAFF_ONLY[who]
    if response.status_code == 200:
        assert response.json()["acknowledged_at"]


def test_my_alerts_filter_to_the_callers_patients(cast, api, pending):
    assert api(cast.physio).get("/api/v1/alerts/?mine=1").json()["count"] == 1
    assert api(cast.colleague).get("/api/v1/alerts/?mine=1").json()["count"] == 0


def test_the_enrolment_shows_its_gate_and_pending_review(cast, api, pending):
    enrolment, transition, _ = pending
    api(cast.physio).post(f"/api/v1/enrolments/{enrolment.pk}/evaluate/")
    body = api(cast.patient.user).get(f"/api/v1/enrolments/{enrolment.pk}/").json()
    assert body["pending_review"]["id"] == transition.pk
    assert body["gate"]["to_phase"] == "stage-2"
    assert body["gate"]["criteria"][0]["label"] == "at least 14 days in this phase"
    assert set(body["gate"]["criteria"][0]) >= {"key", "label", "met", "observed", "target"}


def test_alerts_filter_to_one_patient(cast, api, pending):
    assert api(cast.physio).get(f"/api/v1/alerts/?patient={cast.patient.pk}").json()["count"] == 1
    assert (
        api(cast.physio).get(f"/api/v1/alerts/?patient={cast.other_patient.pk}").json()["count"]
        == 0
    )
