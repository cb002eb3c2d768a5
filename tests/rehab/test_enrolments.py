"""Enrolling: tracks, dates, one active enrolment per protocol, version pinning, today."""

import datetime as dt

import pytest
import yaml

from protocols.services import definition_as_yaml, publish_clinic_copy
from rehab.models import Alert, Enrolment
from tests.rehab.conftest import days_ago

pytestmark = pytest.mark.django_db


def enrol_body(patient, **overrides):
    body = {
        "patient": patient.pk,
        "protocol": "hamstring-avulsion",
        "track": "operative",
        "side": "right",
        "start_date": days_ago(patient, 3).isoformat(),
        "surgery_date": days_ago(patient, 3).isoformat(),
        "injury_date": days_ago(patient, 10).isoformat(),
        "tendons": 2,
        "retraction_cm": "2.5",
    }
    return {**body, **overrides}


def test_the_operative_track_starts_in_phase_one(cast, api, shipped):
    response = api(cast.physio).post("/api/v1/enrolments/", enrol_body(cast.patient), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["current_phase"] == {
        "key": "phase-1",
        "name": body["current_phase"]["name"],
        "index": 0,
    }
    assert (body["protocol"], body["version"], body["status"]) == (
        "hamstring-avulsion",
        1,
        "active",
    )
    assert body["phase_started_on"] == days_ago(cast.patient, 3).isoformat()
    assert (body["tendons"], body["retraction_cm"]) == (2, "2.5")


def test_the_non_operative_track_starts_in_phase_two(cast, api, shipped):
    body = enrol_body(cast.patient, track="non_operative", surgery_date=None)
    response = api(cast.physio).post("/api/v1/enrolments/", body, format="json")
    assert response.json()["current_phase"]["key"] == "phase-2"
    assert response.json()["current_phase"]["index"] == 1


def test_the_operative_track_needs_a_surgery_date(cast, api, shipped):
    body = enrol_body(cast.patient, surgery_date=None)
    response = api(cast.physio).post("/api/v1/enrolments/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"surgery_date": ["The operative track needs the surgery date."]}


def test_the_avulsion_protocol_needs_a_track(cast, api, shipped):
    body = enrol_body(cast.patient)
    del body["track"]
    response = api(cast.physio).post("/api/v1/enrolments/", body, format="json")
    assert response.json() == {"track": ["Choose the track: 'operative' or 'non_operative'."]}


def test_tendinopathy_takes_no_track(cast, api, shipped):
    body = enrol_body(cast.patient, protocol="pht-loading")
    response = api(cast.physio).post("/api/v1/enrolments/", body, format="json")
    assert response.json() == {"track": ["The pht-loading protocol has no tracks to choose."]}


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"protocol": "knee-rehab"},
            {
                "protocol": [
                    "Unknown protocol 'knee-rehab' (known: hamstring-avulsion, pht-loading, "
                    "return-to-run)."
                ]
            },
        ),
        ({"side": "both"}, {"side": ["Side is 'left' or 'right'."]}),
        ({"tendons": 4}, {"tendons": ["Ensure this value is less than or equal to 3."]}),
        ({"start_date": "2999-01-01"}, {"start_date": ["The start date cannot be in the future."]}),
        (
            {"surgery_date": "2999-01-01"},
            {"surgery_date": ["Surgery date cannot be after the start date."]},
        ),
    ],
)
def test_bad_enrolment_fields_are_400(cast, api, shipped, overrides, errors):
    response = api(cast.physio).post(
        "/api/v1/enrolments/", enrol_body(cast.patient, **overrides), format="json"
    )
    assert response.status_code == 400
    assert response.json() == errors
    assert not Enrolment.objects.exists()


def test_two_active_enrolments_on_one_protocol_are_refused(cast, api, shipped):
    client = api(cast.physio)
    assert (
        client.post("/api/v1/enrolments/", enrol_body(cast.patient), format="json").status_code
        == 201
    )
    again = client.post("/api/v1/enrolments/", enrol_body(cast.patient), format="json")
    assert again.status_code == 400
    assert again.json() == {
        "protocol": ["This patient is already on this protocol. Complete or withdraw it first."]
    }


def test_a_patient_holds_tendinopathy_and_return_to_run_at_once(cast, api, shipped):
    client = api(cast.physio)
    pht = enrol_body(cast.patient, protocol="pht-loading", track=None)
    rtr = enrol_body(cast.patient, protocol="return-to-run", track=None, entry_confirmed=True)
    assert client.post("/api/v1/enrolments/", pht, format="json").status_code == 201
    assert client.post("/api/v1/enrolments/", rtr, format="json").status_code == 201
    today = api(cast.patient.user).get("/api/v1/today/").json()
    assert [p["protocol"] for p in today["phases"]] == ["pht-loading", "return-to-run"]
    assert today["next_run_level"] == 1
    assert today["checkin_done"] is False
    first = today["exercises"][0]
    assert first["exercise"]["key"] == "bridge_hold"
    assert (first["sets"], first["hold_s"]) == (5, 30)
    assert "does not diagnose" in today["disclaimer"]
    assert today["phases"][0]["phase"]["avoid"]


def test_an_enrolment_stays_on_its_version_when_the_clinic_publishes_a_copy(cast, api, shipped):
    created = (
        api(cast.physio)
        .post(
            "/api/v1/enrolments/",
            enrol_body(cast.patient, protocol="pht-loading", track=None),
            format="json",
        )
        .json()
    )
    document = yaml.safe_load(definition_as_yaml(shipped["pht-loading"]))
    document["gates"][0]["criteria"][0]["min"] = 10
    publish_clinic_copy(
        based_on=shipped["pht-loading"],
        yaml_text=yaml.safe_dump(document),
        clinic=cast.physio.clinic,
        published_by=cast.clinic_admin,
    )
    assert api(cast.physio).get("/api/v1/protocols/pht-loading/").json()["version"] == 2
    assert api(cast.physio).get(f"/api/v1/enrolments/{created['id']}/").json()["version"] == 1
    other = api(cast.physio).post(
        "/api/v1/enrolments/",
        enrol_body(cast.other_patient, protocol="pht-loading", track=None),
        format="json",
    )
    assert other.json()["version"] == 2


def test_an_avulsion_patient_under_25_gets_a_routine_prompt_to_exclude_an_apophyseal_fracture(
    cast, api, shipped
):
    cast.patient.date_of_birth = cast.patient.local_today() - dt.timedelta(days=365 * 19)
    cast.patient.save()
    api(cast.physio).post("/api/v1/enrolments/", enrol_body(cast.patient), format="json")
    alert = Alert.objects.get(kind="red_flag", key="adolescent")
    assert alert.severity == "routine"
    assert "imaging excluded an apophyseal avulsion fracture" in alert.message
