"""The physio checks of PROTOCOLS.md section 5: recorded by staff as 1 (yes) or 0 (no)."""

import datetime as dt
import uuid

import pytest

from protocols.criteria import PhysioCheck
from protocols.vocabulary import CHECK_KEYS, MEASURE_WORDS
from tests.rehab.conftest import days_ago

NEW_CHECKS = [
    "surgeon_allows_hamstring_sets",
    "rtr_entry_confirmed",
    "imaging_excluded_apophyseal_fracture",
    "suspected_avulsion_cleared",
    "neuro_cleared",
    "non_mechanical_cleared",
    "post_op_cleared",
    "bone_stress_cleared",
    "escalating_cleared",
    "adolescent_cleared",
]


def test_every_urgent_red_flag_has_a_clearing_check_and_sciatic_has_none():
    cleared = {k for k in CHECK_KEYS if k.endswith("_cleared")}
    assert cleared == {
        f"{flag}_cleared"
        for flag in (
            "suspected_avulsion",
            "neuro",
            "non_mechanical",
            "post_op",
            "bone_stress",
            "escalating",
            "adolescent",
        )
    }


@pytest.mark.parametrize("key", CHECK_KEYS)
def test_every_check_reads_in_plain_words(key):
    assert MEASURE_WORDS[key]
    label = PhysioCheck(kind="check", key=key).plain_label()
    assert label.startswith("your physio confirmed: ") and "_" not in label


def body(patient, key, value):
    return {
        "id": str(uuid.uuid4()),
        "date": days_ago(patient, 1).isoformat(),
        "patient": patient.pk,
        "key": key,
        "value": value,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("key", NEW_CHECKS)
def test_staff_record_the_new_checks_as_yes_or_no(enrolled, api, key):
    client = api(enrolled.physio)
    url = "/api/v1/measurements/"
    assert client.post(url, body(enrolled.patient, key, 1), format="json").status_code == 201
    assert client.post(url, body(enrolled.patient, key, 0), format="json").status_code == 201
    bad = client.post(url, body(enrolled.patient, key, 2), format="json")
    assert bad.json() == {"value": [f"{key} is recorded as 1 (yes/positive) or 0 (no/negative)."]}


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["neuro_cleared", "rtr_entry_confirmed"])
def test_a_patient_cannot_record_a_check(enrolled, api, key):
    response = api(enrolled.patient.user).post(
        "/api/v1/measurements/", body(enrolled.patient, key, 1), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "key": ["Only your physio can record this; you can record PHAT and VISA-H."]
    }


# --- `adolescent` (PROTOCOLS.md section 7): under 25 WITH acute ischial pain or a pop


def young(patient, years=19):
    patient.date_of_birth = patient.local_today() - dt.timedelta(days=365 * years + 5)
    patient.save()


def checkin(patient, flags):
    return {
        "id": str(uuid.uuid4()),
        "date": days_ago(patient, 0).isoformat(),
        "pain_rest": 1,
        "pain_morning": 1,
        "red_flags": flags,
    }


def adolescent_alerts():
    from rehab.models import Alert

    return list(Alert.objects.filter(kind="red_flag", key="adolescent"))


@pytest.mark.django_db
def test_age_alone_raises_nothing_on_tendinopathy(cast, shipped):
    from rehab.enrolments import enrol

    young(cast.patient)
    enrol(
        patient=cast.patient,
        version=shipped["pht-loading"],
        side="left",
        start_date=days_ago(cast.patient, 2),
        created_by=cast.physio,
    )
    assert adolescent_alerts() == []


@pytest.mark.django_db
def test_a_pop_under_25_raises_the_urgent_adolescent_flag(enrolled, api):
    young(enrolled.patient)
    client = api(enrolled.patient.user)
    assert (
        client.post(
            "/api/v1/checkins/", checkin(enrolled.patient, ["suspected_avulsion"]), format="json"
        ).status_code
        == 201
    )
    (alert,) = adolescent_alerts()
    assert alert.severity == "urgent"
    assert "X-ray" in alert.message and "apophyseal avulsion fracture" in alert.message


@pytest.mark.django_db
@pytest.mark.parametrize(("years", "flags"), [(30, ["suspected_avulsion"]), (19, ["sciatic"])])
def test_no_adolescent_flag_at_25_or_over_or_without_a_pop(enrolled, api, years, flags):
    young(enrolled.patient, years)
    client = api(enrolled.patient.user)
    assert (
        client.post(
            "/api/v1/checkins/", checkin(enrolled.patient, flags), format="json"
        ).status_code
        == 201
    )
    assert adolescent_alerts() == []


@pytest.mark.django_db
def test_no_imaging_prompt_when_imaging_already_excluded_the_fracture(cast, shipped):
    from rehab.enrolments import enrol
    from rehab.models import Measurement

    young(cast.patient)
    Measurement.objects.create(
        patient=cast.patient,
        date=days_ago(cast.patient, 3),
        key="imaging_excluded_apophyseal_fracture",
        value=1,
    )
    enrol(
        patient=cast.patient,
        version=shipped["hamstring-avulsion"],
        side="left",
        track="non_operative",
        start_date=days_ago(cast.patient, 2),
        injury_date=days_ago(cast.patient, 9),
        created_by=cast.physio,
    )
    assert adolescent_alerts() == []
