"""A patient's plan through the API: staff of the clinic change it with a reason, every
change is a new version, the patient reads it and Today follows it."""

import pytest

from plans.models import PlanTemplate, PlanVersion
from plans.services import make_change
from privacy.data_export import owned_records
from privacy.erasure import erase_patient

pytestmark = pytest.mark.django_db


def plan_url(enrolment, tail=""):
    return f"/api/v1/enrolments/{enrolment.pk}/plan/{tail}"


def change(client, enrolment, **body):
    return client.post(plan_url(enrolment, "changes/"), body, format="json")


def test_a_physio_changes_a_dose_with_a_reason_and_the_patient_sees_it_on_today(enrolled, api):
    enrolment = enrolled.patient.enrolments.get()
    physio = api(enrolled.physio)
    response = change(
        physio,
        enrolment,
        kind="dose",
        exercise="bridge_hold",
        sets=3,
        hold_s=45,
        reason="Sore after the fifth set",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 1 and body["author"]["name"] == "Pat Physio"
    assert body["reason"] == "Sore after the fifth set"
    [bridge] = [i for i in body["plan"]["items"] if i["exercise"]["key"] == "bridge_hold"]
    assert (bridge["sets"], bridge["hold_s"], bridge["adjusted"]) == (3, 45, ["sets", "hold_s"])
    assert bridge["protocol_dose"]["sets"] == 5

    today = api(enrolled.patient.user).get("/api/v1/today/").json()
    [row] = [e for e in today["exercises"] if e["exercise"]["key"] == "bridge_hold"]
    assert (row["sets"], row["hold_s"], row["adjusted"]) == (3, 45, ["sets", "hold_s"])
    [other] = [e for e in today["exercises"] if e["exercise"]["key"] == "prone_knee_flexion_hold"]
    assert (other["sets"], other["adjusted"]) == (5, [])
    mine = api(enrolled.patient.user).get(plan_url(enrolment))
    assert mine.status_code == 200 and "allowed_exercises" not in mine.json()


def test_every_change_is_a_new_version_and_the_history_is_kept(enrolled, api):
    enrolment = enrolled.patient.enrolments.get()
    physio = api(enrolled.physio)
    change(physio, enrolment, kind="dose", exercise="bridge_hold", sets=4, reason="a")
    change(
        physio,
        enrolment,
        kind="pause",
        exercise="straight_leg_heel_pull_down_hold",
        reason="Cramps",
    )
    versions = list(PlanVersion.objects.filter(enrolment=enrolment).order_by("number"))
    assert [v.kind for v in versions] == ["dose", "pause"]
    assert not any(i["paused"] for i in versions[0].items)  # the first is untouched
    history = physio.get(plan_url(enrolment, "changes/")).json()["results"]
    assert [r["summary"] for r in history] == [
        "paused Straight-leg heel pull-down hold",
        "changed the dose of Bridge hold (double leg, then single leg) from "
        "5 × 30 s, load ~70% effort, 7×/week to "
        "4 × 30 s, load ~70% effort, 7×/week",
    ]
    today = api(enrolled.patient.user).get("/api/v1/today/").json()
    assert "straight_leg_heel_pull_down_hold" not in [
        e["exercise"]["key"] for e in today["exercises"]
    ]


def test_a_plan_change_reaches_the_patients_conversation(enrolled, api):
    enrolment = enrolled.patient.enrolments.get()
    change(
        api(enrolled.physio),
        enrolment,
        kind="pause",
        exercise="bridge_hold",
        reason="Your back is sore",
    )
    patient = api(enrolled.patient.user)
    assert patient.get("/api/v1/messages/unread/").json() == {"unread": 1}
    [row] = patient.get("/api/v1/messages/").json()["results"]
    assert row["kind"] == "decision"
    assert (
        row["text"]
        == "Your physio paused Bridge hold (double leg, then single leg) because your back is sore"
    )
    assert row["source"]["type"] == "plan"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"kind": "swap", "exercise": "bridge_hold", "to_exercise": "plank"},
            "to_exercise",
            "There is no exercise 'plank' in this protocol's library.",
        ),
        (
            {"kind": "swap", "exercise": "bridge_hold", "to_exercise": "nordic_hamstring_curl"},
            "to_exercise",
            "Nordic hamstring curl (assisted, then full) is not allowed in this phase",
        ),
        (
            {"kind": "add", "exercise": "leg_curl", "sets": 3, "reps": 10, "sessions_per_week": 2},
            "exercise",
            "Leg curl (prone or machine) is not allowed in this phase",
        ),
        (
            {"kind": "dose", "exercise": "bridge_hold", "sets": -2},
            "sets",
            "Sets must be between 1 and 20.",
        ),
        (
            {"kind": "dose", "exercise": "bridge_hold", "sets": "many"},
            "sets",
            "A valid integer is required.",
        ),
        (
            {"kind": "dose", "exercise": "plank", "sets": 3},
            "exercise",
            "'plank' is not in this patient's plan for this phase.",
        ),
        (
            {"kind": "grow", "exercise": "bridge_hold"},
            "kind",
            "Choose dose, swap, pause, resume or add.",
        ),
        ({"kind": "pause"}, "exercise", "Name the exercise (its key)."),
    ],
)
def test_bad_changes_are_400_with_a_message(enrolled, api, body, field, message):
    enrolment = enrolled.patient.enrolments.get()
    response = change(api(enrolled.physio), enrolment, reason="because", **body)
    assert response.status_code == 400, response.content
    assert response.json()[field][0].startswith(message)
    assert not PlanVersion.objects.exists()


def test_a_change_without_a_reason_is_400(enrolled, api):
    enrolment = enrolled.patient.enrolments.get()
    for reason in ({}, {"reason": "  "}):
        response = change(
            api(enrolled.physio), enrolment, kind="pause", exercise="bridge_hold", **reason
        )
        assert response.status_code == 400
        assert response.json() == {"reason": ["Give a reason for the change; the patient sees it."]}


def test_a_change_made_on_an_old_version_is_409(enrolled, api):
    enrolment = enrolled.patient.enrolments.get()
    physio = api(enrolled.physio)
    assert (
        change(
            physio, enrolment, kind="pause", exercise="bridge_hold", reason="a", based_on=0
        ).status_code
        == 201
    )
    late = change(
        api(enrolled.colleague),
        enrolment,
        kind="dose",
        exercise="bridge_hold",
        sets=2,
        reason="b",
        based_on=0,
    )
    assert late.status_code == 409 and "reload" in late.json()["detail"]


def test_patients_cannot_change_plans_and_other_clinics_and_patients_get_404(enrolled, api):
    mine = enrolled.patient.enrolments.get()
    theirs = enrolled.other_patient.enrolments.get()
    body = {"kind": "pause", "exercise": "bridge_hold", "reason": "x"}
    assert change(api(enrolled.patient.user), mine, **body).status_code == 403
    assert change(api(enrolled.patient.user), theirs, **body).status_code == 404
    assert api(enrolled.patient.user).get(plan_url(theirs)).status_code == 404
    assert change(api(enrolled.outsider), mine, **body).status_code == 404
    assert api(enrolled.outsider).get(plan_url(mine)).status_code == 404
    assert api(enrolled.outsider).get(plan_url(mine, "changes/")).status_code == 404
    assert not PlanVersion.objects.exists()


def test_a_new_phase_starts_from_the_protocol(enrolled, api):
    enrolment = enrolled.patient.enrolments.get()
    physio = api(enrolled.physio)
    change(physio, enrolment, kind="pause", exercise="bridge_hold", reason="sore")
    stage_2 = enrolment.version.phases.get(key="stage-2")
    moved = physio.post(
        f"/api/v1/enrolments/{enrolment.pk}/override/",
        {"to_phase": "stage-2", "reason": "Ready"},
        format="json",
    )
    assert moved.status_code in (200, 201), moved.content
    plan = physio.get(plan_url(enrolment)).json()
    assert plan["phase"]["key"] == stage_2.key and plan["version"] is None
    assert not any(item["adjusted"] for item in plan["items"])
    assert "new phase starts from the protocol" in plan["note"]


def test_a_clinic_saves_a_plan_as_a_template_and_applies_it_to_another_patient(enrolled, api):
    mine = enrolled.patient.enrolments.get()
    theirs = enrolled.other_patient.enrolments.get()
    physio = api(enrolled.physio)
    change(physio, mine, kind="dose", exercise="bridge_hold", sets=3, hold_s=20, reason="a")
    saved = physio.post(
        "/api/v1/plan-templates/", {"enrolment": mine.pk, "name": "Gentle start"}, format="json"
    )
    assert saved.status_code == 201, saved.content
    template = saved.json()
    assert (template["protocol"], template["phase_key"]) == ("pht-loading", "stage-1")
    colleague = api(enrolled.colleague)
    listed = colleague.get("/api/v1/plan-templates/?protocol=pht-loading&phase=stage-1").json()
    assert [t["name"] for t in listed["results"]] == ["Gentle start"]
    assert api(enrolled.outsider).get("/api/v1/plan-templates/").json()["count"] == 0
    assert (
        api(enrolled.outsider).get(f"/api/v1/plan-templates/{template['id']}/").status_code == 404
    )
    applied = colleague.post(
        plan_url(theirs, "template/"),
        {"template": template["id"], "reason": "Same presentation"},
        format="json",
    )
    assert applied.status_code == 201, applied.content
    [bridge] = [i for i in applied.json()["plan"]["items"] if i["slot"] == "bridge_hold"]
    assert (bridge["sets"], bridge["hold_s"]) == (3, 20)
    assert applied.json()["summary"] == "applied the plan template 'Gentle start'"
    missing = colleague.post(
        plan_url(theirs, "template/"), {"template": 999999, "reason": "x"}, format="json"
    )
    assert missing.status_code == 400 and missing.json() == {
        "template": ["No such template in your clinic."]
    }
    assert PlanTemplate.objects.count() == 1


def test_the_progress_report_lists_the_plan_changes(enrolled, api):
    enrolment = enrolled.patient.enrolments.get()
    physio = api(enrolled.physio)
    change(physio, enrolment, kind="pause", exercise="bridge_hold", reason="Sore back today")
    page = physio.get(f"/api/v1/patients/{enrolled.patient.pk}/report.html")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Plan changes" in html
    assert "Paused Bridge hold (double leg, then single leg)" in html
    assert "Sore back today" in html and "Pat Physio" in html


@pytest.mark.parametrize("number", [99999999999999999999, 0, -3])
def test_an_id_out_of_range_is_a_400_not_a_500(enrolled, api, number):
    enrolment = enrolled.patient.enrolments.get()
    physio = api(enrolled.physio)
    applied = physio.post(
        plan_url(enrolment, "template/"), {"template": number, "reason": "x"}, format="json"
    )
    saved = physio.post(
        "/api/v1/plan-templates/", {"enrolment": number, "name": "T"}, format="json"
    )
    assert (applied.status_code, saved.status_code) == (400, 400)
    assert "template" in applied.json() and "enrolment" in saved.json()


def test_a_patients_plan_is_in_their_data_download_and_goes_with_their_erasure(enrolled):
    enrolment = enrolled.patient.enrolments.get()
    make_change(
        enrolment=enrolment,
        user=enrolled.physio,
        kind="pause",
        exercise="bridge_hold",
        reason="Sore back",
    )
    [row] = owned_records(enrolled.patient)["plans.planversion"]
    assert row["reason"] == "Sore back"
    erase_patient(patient=enrolled.patient, erased_by=enrolled.clinic_admin)
    assert not PlanVersion.objects.exists()


def test_a_phase_entered_again_starts_from_the_protocol_too(enrolled, api):
    enrolment = enrolled.patient.enrolments.get()
    physio = api(enrolled.physio)
    change(physio, enrolment, kind="pause", exercise="bridge_hold", reason="sore")
    for phase in ("stage-2", "stage-1"):  # moved on and stepped back, the same day
        moved = physio.post(
            f"/api/v1/enrolments/{enrolment.pk}/override/",
            {"to_phase": phase, "reason": "Judgement"},
            format="json",
        )
        assert moved.status_code in (200, 201), moved.content
    plan = physio.get(plan_url(enrolment)).json()
    assert plan["phase"]["key"] == "stage-1" and plan["version"] is None
    assert not any(item["paused"] for item in plan["items"])
    assert physio.get(plan_url(enrolment, "changes/")).json()["count"] == 1  # history kept
