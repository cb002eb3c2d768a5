"""The patient's FHIR R4 bundle: it validates, and holds the expected resources and codes."""

import datetime as dt
from collections import Counter

import pytest
from fhir.resources.R4B.bundle import Bundle

from exports import codes
from rehab.enrolments import enrol
from rehab.models import CheckIn, Enrolment, ExerciseSession, Measurement, Run, Treatment

pytestmark = pytest.mark.django_db
LOINC_PAIN = {"system": "http://loinc.org", "code": "72514-3"}


def fetch(api, user, patient):
    response = api(user).get(f"/api/v1/patients/{patient.pk}/fhir/")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    return response


def resources(body: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in body["entry"] if e["resource"]["resourceType"] == kind]


def test_the_bundle_validates_with_fhir_resources_r4b(history, api):
    response = fetch(api, history.physio, history.patient)
    bundle = Bundle.model_validate_json(response.content)
    assert bundle.type == "collection"
    assert {type(e.resource).__module__.split(".")[2] for e in bundle.entry} == {"R4B"}


def test_the_bundle_holds_one_resource_per_record(history, api):
    patient = history.patient
    body = fetch(api, history.physio, patient).json()
    checkins = CheckIn.objects.filter(patient=patient)
    pain_values = (
        checkins.count() * 2
        + checkins.exclude(load_test_pain=None).count()
        + ExerciseSession.objects.filter(patient=patient).count() * 2
        + Run.objects.filter(patient=patient).count() * 2
    )
    measurements = Measurement.objects.filter(patient=patient).count()
    assert Counter(e["resource"]["resourceType"] for e in body["entry"]) == {
        "Patient": 1,
        "Organization": 1,
        "Condition": 1,  # PHT loading; return-to-run has no condition of its own
        "CarePlan": 2,
        "Observation": pain_values + measurements,
    }


def test_the_condition_carries_the_icd10cm_code_for_the_side(history, api):
    (condition,) = resources(fetch(api, history.physio, history.patient).json(), "Condition")
    assert condition["code"]["coding"] == [
        {
            "system": "http://hl7.org/fhir/sid/icd-10-cm",
            "code": "M76.892",
            "display": "Other specified enthesopathies of left lower limb, excluding foot",
        }
    ]
    assert condition["subject"] == {"reference": f"Patient/patient-{history.patient.pk}"}


def test_an_avulsion_rehab_is_coded_as_a_subsequent_encounter(cast, shipped, api):
    enrol(
        patient=cast.other_patient,
        version=shipped["hamstring-avulsion"],
        side="right",
        track="operative",
        surgery_date=dt.date(2026, 1, 5),
        tendons=2,
        retraction_cm=3.5,
        start_date=dt.date(2026, 1, 6),
        created_by=cast.colleague,
    )
    (condition,) = resources(fetch(api, cast.colleague, cast.other_patient).json(), "Condition")
    assert condition["code"]["coding"][0]["code"] == "S76.311D"
    assert "Tendons involved: 2" in condition["note"][0]["text"]


def test_care_plans_show_status_and_the_current_phase_as_an_activity(history, api):
    pht = history.patient.enrolments.get(protocol__slug="pht-loading")
    rtr = history.patient.enrolments.get(protocol__slug="return-to-run")
    Enrolment.objects.filter(pk=rtr.pk).update(status="withdrawn")
    plans = {
        p["id"]: p
        for p in resources(fetch(api, history.physio, history.patient).json(), "CarePlan")
    }
    assert plans[f"careplan-{pht.pk}"]["status"] == "active"
    assert (
        plans[f"careplan-{pht.pk}"]["activity"][0]["detail"]["code"]["text"]
        == pht.current_phase.name
    )
    assert plans[f"careplan-{pht.pk}"]["addresses"] == [
        {"reference": f"Condition/condition-{pht.pk}"}
    ]
    assert plans[f"careplan-{rtr.pk}"]["status"] == "revoked"
    assert plans[f"careplan-{rtr.pk}"]["activity"][0]["detail"]["status"] == "stopped"


def test_every_pain_value_is_an_nrs_observation_with_loinc_72514_3(history, api):
    observations = resources(fetch(api, history.physio, history.patient).json(), "Observation")
    pain = [o for o in observations if o["id"].startswith("pain-")]
    assert pain and all(
        o["code"]["coding"] == [{**LOINC_PAIN, "display": codes.NRS_PAIN_DISPLAY}] for o in pain
    )
    assert all(0 <= o["valueInteger"] <= 10 for o in pain)
    latest = CheckIn.objects.filter(patient=history.patient).latest("date")
    rest = next(o for o in pain if o["id"] == f"pain-rest-{latest.pk}")
    assert (rest["valueInteger"], rest["effectiveDateTime"]) == (
        latest.pain_rest,
        latest.date.isoformat(),
    )


def test_scores_and_clinician_tests_carry_text_codes_only(history, api):
    observations = resources(fetch(api, history.physio, history.patient).json(), "Observation")
    measured = {o["code"]["text"]: o for o in observations if o["id"].startswith("measurement-")}
    assert all("coding" not in o["code"] for o in measured.values())  # no invented codes
    assert measured["Puranen-Orava test"]["valueCodeableConcept"] == {"text": "negative"}
    assert measured["Pain-free unweighted drop lunge"]["valueBoolean"] is True
    assert measured["Knee-flexion strength, limb symmetry index"]["valueQuantity"]["code"] == "%"
    phat = [o for o in observations if o["code"].get("text", "").startswith("PHAT")]
    assert sorted(o["valueQuantity"]["value"] for o in phat) == [42, 68]


def test_ids_are_stable_and_every_reference_resolves_inside_the_bundle(history, api):
    first = fetch(api, history.physio, history.patient).json()
    second = fetch(api, history.patient.user, history.patient).json()
    ids = [(e["resource"]["resourceType"], e["resource"]["id"]) for e in first["entry"]]
    assert ids == [(e["resource"]["resourceType"], e["resource"]["id"]) for e in second["entry"]]
    assert len(set(ids)) == len(ids)
    for entry in first["entry"]:
        assert entry["fullUrl"].endswith(
            f"/{entry['resource']['resourceType']}/{entry['resource']['id']}"
        )
    present = {f"{kind}/{id_}" for kind, id_ in ids}
    references = list(_references(first))
    assert references and set(references) <= present


def _references(node):
    if isinstance(node, dict):
        if isinstance(node.get("reference"), str):
            yield node["reference"]
        for value in node.values():
            yield from _references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references(value)


def test_treatments_are_procedures(history, api):
    patient = history.patient
    Treatment.objects.create(
        patient=patient,
        date=patient.local_today(),
        kind="prp_injection",
        side="left",
        note="Ultrasound guided",
    )
    body = fetch(api, history.physio, patient).json()
    procedures = [
        e["resource"] for e in body["entry"] if e["resource"]["resourceType"] == "Procedure"
    ]
    assert len(procedures) == 1
    procedure = procedures[0]
    assert (procedure["status"], procedure["code"]["text"]) == ("completed", "PRP injection")
    assert procedure["subject"]["reference"] == f"Patient/patient-{patient.pk}"
    assert procedure["bodySite"][0]["text"] == "Left proximal hamstring"
    Bundle.model_validate(body)


def test_a_patient_with_no_logs_still_gets_a_valid_bundle(cast, api):
    body = fetch(api, cast.physio, cast.other_patient).json()
    assert [e["resource"]["resourceType"] for e in body["entry"]] == ["Patient", "Organization"]


def test_the_bundle_takes_a_fixed_number_of_queries(history, api, django_assert_max_num_queries):
    client = api(history.physio)
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/patients/{history.patient.pk}/fhir/").status_code == 200
