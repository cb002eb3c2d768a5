"""The questionnaire endpoints through the public API: what is due, answering (201, replay
200, conflict 409, 400 per item), the measurement the gates read, and who sees what."""

import datetime as dt
import uuid

import pytest

from patients.models import Clinic
from questionnaires import services
from questionnaires.models import QuestionnaireResponse
from questionnaires.services import due_on, shipped_definitions
from rehab.models import Measurement

pytestmark = pytest.mark.django_db

VISA_H = next(d for d in shipped_definitions() if d.key == "visa_h")
ANSWERS = {"q1": 6, "q2": 5, "q3": 7, "q4": 4, "q5": 8, "q6": 3, "q7": 1, "q8": "b", "q8b": 2}
SCORE = 33 + 4 + 10


def body(patient, **changes):
    return {
        "id": str(uuid.uuid4()),
        "questionnaire": "visa_h",
        "date": str(patient.local_today()),
        "answers": ANSWERS,
        **changes,
    }


def test_the_patient_sees_both_questionnaires_with_items_and_visa_h_due_from_enrolment(
    enrolled, api
):
    patient = enrolled.patient
    response = api(patient.user).get("/api/v1/questionnaires/")
    assert response.status_code == 200
    rows = {row["key"]: row for row in response.json()["results"]}
    assert set(rows) == {"visa_h", "phat"}
    visa = rows["visa_h"]
    assert visa["due_on"] == str(patient.enrolments.get().start_date)
    assert rows["phat"]["due_on"] is None  # PHAT belongs to the avulsion programme
    assert "Cacchio" in visa["source"]
    q7 = next(i for i in visa["items"] if i["key"] == "q7")
    assert q7["kind"] == "choice" and [o["points"] for o in q7["options"]] == [0, 4, 7, 10]
    q8a = next(i for i in visa["items"] if i["key"] == "q8a")
    assert q8a["shown_if"] == {"item": "q8", "equals": "a"}
    q1 = visa["items"][0]
    assert (q1["kind"], q1["min"], q1["max"], q1["options"]) == ("scale", 0, 10, [])


def test_answering_scores_it_and_writes_the_visa_h_measurement_by_the_patient(enrolled, api):
    patient = enrolled.patient
    sent = body(patient)
    response = api(patient.user).post("/api/v1/questionnaire-responses/", sent, format="json")
    assert response.status_code == 201, response.content
    stored = response.json()
    assert (stored["id"], stored["questionnaire"], stored["score"]) == (sent["id"], "visa_h", SCORE)
    assert stored["answers"] == ANSWERS
    measurement = Measurement.objects.get(patient=patient, key="visa_h")
    assert (measurement.value, measurement.recorded_by, str(measurement.pk)) == (
        SCORE,
        patient.user,
        sent["id"],
    )
    # Now answered: next due four weeks on (clinic default).
    rows = api(patient.user).get("/api/v1/questionnaires/").json()["results"]
    due = next(r for r in rows if r["key"] == "visa_h")["due_on"]
    assert due == str(patient.local_today() + dt.timedelta(days=28))


def test_a_replay_is_200_and_the_same_id_with_other_answers_is_409(enrolled, api):
    patient = enrolled.patient
    client = api(patient.user)
    sent = body(patient)
    assert client.post("/api/v1/questionnaire-responses/", sent, format="json").status_code == 201
    again = client.post("/api/v1/questionnaire-responses/", sent, format="json")
    assert again.status_code == 200 and again.json()["score"] == SCORE
    changed = client.post(
        "/api/v1/questionnaire-responses/", {**sent, "answers": {**ANSWERS, "q1": 9}}, format="json"
    )
    assert changed.status_code == 409 and "different record" in changed.json()["detail"]
    assert QuestionnaireResponse.objects.count() == 1
    assert Measurement.objects.filter(key="visa_h").count() == 1


def test_a_replay_after_its_score_was_deleted_is_still_200_and_brings_no_score_back(enrolled, api):
    patient = enrolled.patient
    client = api(patient.user)
    sent = body(patient)
    assert client.post("/api/v1/questionnaire-responses/", sent, format="json").status_code == 201
    assert client.delete(f"/api/v1/measurements/{sent['id']}/").status_code == 204
    again = client.post("/api/v1/questionnaire-responses/", sent, format="json")
    assert again.status_code == 200 and again.json()["score"] == SCORE
    assert not Measurement.objects.filter(key="visa_h").exists()
    assert Measurement.kept.get(key="visa_h").deleted_by == patient.user


def test_invalid_answers_are_400_with_a_message_per_item_and_nothing_is_stored(enrolled, api):
    patient = enrolled.patient
    answers = {**ANSWERS, "q1": 12, "q7": 9}
    del answers["q2"]
    response = api(patient.user).post(
        "/api/v1/questionnaire-responses/", body(patient, answers=answers), format="json"
    )
    assert response.status_code == 400
    problems = response.json()["answers"]
    assert set(problems) == {"q1", "q2", "q7"}
    assert "from 0 to 10" in problems["q1"][0] and "Answer this question" in problems["q2"][0]
    assert not QuestionnaireResponse.objects.exists() and not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"questionnaire": "koos"}, "questionnaire"),
        ({"id": "not-a-uuid"}, "id"),
        ({"answers": [1, 2]}, "answers"),
        ({"date": "2999-01-01"}, "date"),
    ],
)
def test_a_malformed_response_is_400_naming_the_field(changes, field, enrolled, api):
    patient = enrolled.patient
    response = api(patient.user).post(
        "/api/v1/questionnaire-responses/", body(patient, **changes), format="json"
    )
    assert response.status_code == 400 and field in response.json()


def test_staff_list_their_clinics_responses_and_nobody_else_sees_them(enrolled, api):
    patient = enrolled.patient
    sent = body(patient)
    api(patient.user).post("/api/v1/questionnaire-responses/", sent, format="json")
    url = f"/api/v1/questionnaire-responses/{sent['id']}/"
    listed = api(enrolled.physio).get(f"/api/v1/questionnaire-responses/?patient={patient.pk}")
    assert [r["id"] for r in listed.json()["results"]] == [sent["id"]]
    assert api(enrolled.colleague).get(url).status_code == 200
    assert api(patient.user).get(url).status_code == 200
    for outsider in (enrolled.other_patient.user, enrolled.outsider):
        assert api(outsider).get(url).status_code == 404
        assert api(outsider).get("/api/v1/questionnaire-responses/").json()["results"] == []
    assert (
        api(enrolled.physio)
        .post("/api/v1/questionnaire-responses/", body(patient), format="json")
        .status_code
        == 403
    )


def test_a_physio_paper_score_counts_as_done(enrolled, api):
    patient = enrolled.patient
    Measurement.objects.create(
        patient=patient,
        date=patient.local_today(),
        key="visa_h",
        value=55,
        recorded_by=enrolled.physio,
    )
    rows = api(patient.user).get("/api/v1/questionnaires/").json()["results"]
    assert next(r for r in rows if r["key"] == "visa_h")["due_on"] > str(patient.local_today())


class E:  # an enrolment as due_on reads it
    def __init__(self, slug, start, phase_start):
        self.protocol = type("P", (), {"slug": slug})()
        self.start_date, self.phase_started_on = start, phase_start


D = dt.date


@pytest.mark.parametrize(
    ("enrolments", "last", "expected"),
    [
        ([], None, None),
        ([E("return-to-run", D(2026, 1, 1), D(2026, 1, 1))], None, None),
        ([E("pht-loading", D(2026, 1, 1), D(2026, 1, 1))], None, D(2026, 1, 1)),  # at enrolment
        (
            [E("pht-loading", D(2026, 1, 1), D(2026, 1, 1))],
            D(2026, 1, 3),
            D(2026, 1, 31),
        ),  # 4 weeks
        (
            [E("pht-loading", D(2026, 1, 1), D(2026, 1, 20))],
            D(2026, 1, 3),
            D(2026, 1, 20),
        ),  # phase change
        (
            [E("pht-loading", D(2026, 1, 1), D(2026, 1, 2))],
            D(2026, 1, 3),
            D(2026, 1, 31),
        ),  # answered after it
        (
            [E("pht-loading", D(2026, 3, 1), D(2026, 3, 1))],
            D(2026, 1, 3),
            D(2026, 3, 1),
        ),  # older than the programme
    ],
)
def test_visa_h_is_due_at_enrolment_every_four_weeks_and_at_a_phase_change(
    enrolments, last, expected
):
    assert due_on(definition=VISA_H, enrolments=enrolments, last_done=last) == expected


def test_a_clinic_copy_changes_the_wording_its_patients_see_but_not_the_points(enrolled, api):
    import yaml

    document = yaml.safe_load((services.DEFINITIONS_DIR / "visa_h.yaml").read_text())
    document["items"][0]["prompt"] = "Licensed wording of the first item, loaded by the clinic."
    services.load_clinic_copy(clinic=enrolled.patient.clinic, document=document, source="copy")
    rows = api(enrolled.patient.user).get("/api/v1/questionnaires/").json()["results"]
    visa = next(r for r in rows if r["key"] == "visa_h")
    assert visa["clinic_copy"] and visa["items"][0]["prompt"].startswith("Licensed wording")
    elsewhere = Clinic.objects.exclude(pk=enrolled.patient.clinic_id).first()
    assert services.current_versions(elsewhere.pk)["visa_h"].clinic_id is None
    document["items"][6]["options"][1]["points"] = 5
    from questionnaires.schema import DefinitionError

    with pytest.raises(DefinitionError, match="wording only"):
        services.load_clinic_copy(clinic=enrolled.patient.clinic, document=document, source="copy")


def test_listing_and_answering_take_a_few_queries(enrolled, api, django_assert_max_num_queries):
    patient = enrolled.patient
    client = api(patient.user)
    client.get("/api/v1/questionnaires/")
    with django_assert_max_num_queries(8):
        client.get("/api/v1/questionnaires/")
    with django_assert_max_num_queries(14):
        assert (
            client.post(
                "/api/v1/questionnaire-responses/", body(patient), format="json"
            ).status_code
            == 201
        )
