"""The caseload: most urgent first, the right contents, constant queries, own clinic only."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rehab.enrolments import enrol
from rehab.models import Alert, CheckIn, ExerciseSession
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def alert(patient, kind, severity="high", key=""):
    return Alert.objects.create(
        patient=patient, kind=kind, severity=severity, key=key, message=kind
    )


@pytest.fixture
def clinic(cast, shipped):
    """Five patients in the physio's clinic with different needs."""
    people = {}
    for name in ["Ada On-Track", "Bo Stalled", "Cy Ready", "Di Flare", "Ed Red-Flag"]:
        patient = PatientFactory(
            clinic=cast.physio.clinic, treating_physio=cast.physio, user__name=name
        )
        enrol(
            patient=patient,
            version=shipped["pht-loading"],
            side="left",
            start_date=patient.local_today() - dt.timedelta(days=10),
            created_by=cast.physio,
        )
        people[name.split()[0]] = patient
    alert(people["Bo"], "stalled", "routine")
    alert(people["Cy"], "ready_for_review", "routine")
    alert(people["Di"], "flare")
    alert(people["Ed"], "red_flag", "urgent", key="neuro")
    alert(people["Ed"], "flare")
    return people


def names(response):
    return [row["patient"]["name"] for row in response.json()["results"]]


def test_the_caseload_is_ranked_by_urgency(cast, api, clinic):
    response = api(cast.physio).get("/api/v1/caseload/?mine=1")
    assert response.status_code == 200
    assert names(response) == [
        "Ed Red-Flag",
        "Di Flare",
        "Cy Ready",
        "Bo Stalled",
        "Ada On-Track",
        "Robin Runner",
    ]
    assert response.json()["results"][0]["flags"] == ["red_flag", "flare"]
    assert response.json()["results"][-1]["flags"] == []


def test_a_row_holds_phase_days_pain_and_adherence(cast, api, clinic):
    ada = clinic["Ada"]
    today = ada.local_today()
    enrolment = ada.enrolments.get()
    for n in range(7):
        CheckIn.objects.create(
            patient=ada, date=today - dt.timedelta(days=n), pain_rest=1, pain_morning=2
        )
        ExerciseSession.objects.create(
            patient=ada,
            enrolment=enrolment,
            date=today - dt.timedelta(days=n),
            pain_during=3,
            pain_after=1,
        )
    row = next(
        r
        for r in api(cast.physio).get("/api/v1/caseload/").json()["results"]
        if r["patient"]["id"] == ada.pk
    )
    assert row["enrolments"] == [
        {
            "id": enrolment.pk,
            "protocol": "pht-loading",
            "phase": {"key": "stage-1", "name": enrolment.current_phase.name, "index": 0},
            "days_in_phase": 10,
            "decision": None,
        }
    ]
    assert len(row["pain_14d"]) == 14
    assert row["pain_14d"][-7:] == [3] * 7 and row["pain_14d"][:7] == [None] * 7
    assert row["adherence_14d"] == 64  # 7 of the 11 daily sessions planned since enrolment


def test_acknowledging_an_alert_moves_the_patient_down(cast, api, clinic):
    Alert.objects.filter(patient=clinic["Ed"]).update(acknowledged_at=dt.datetime.now(dt.UTC))
    assert names(api(cast.physio).get("/api/v1/caseload/?mine=1"))[0] == "Di Flare"


def test_search_and_mine_filter_the_caseload(cast, api, clinic):
    assert names(api(cast.physio).get("/api/v1/caseload/?q=flare")) == ["Di Flare"]
    assert names(api(cast.colleague).get("/api/v1/caseload/?mine=1")) == ["Casey Cyclist"]
    whole = names(api(cast.colleague).get("/api/v1/caseload/"))
    assert len(whole) == 7 and "Ed Red-Flag" in whole


def test_another_clinics_patients_never_appear(cast, api, clinic):
    assert names(api(cast.outsider).get("/api/v1/caseload/")) == []


@pytest.mark.parametrize(
    ("who", "status"), [("patient", 403), ("anonymous", 401), ("clinic_admin", 200)]
)
def test_only_staff_read_the_caseload(cast, api, clinic, who, status):
    assert api(cast.users()[who]).get("/api/v1/caseload/").status_code == status


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/caseload/").status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_caseload(cast, api, shipped):
    def add_patients(n):
        for _ in range(n):
            patient = PatientFactory(clinic=cast.physio.clinic, treating_physio=cast.physio)
            enrolment = enrol(
                patient=patient,
                version=shipped["pht-loading"],
                side="left",
                start_date=patient.local_today() - dt.timedelta(days=5),
                created_by=cast.physio,
            )
            CheckIn.objects.create(
                patient=patient, date=patient.local_today(), pain_rest=1, pain_morning=1
            )
            ExerciseSession.objects.create(
                patient=patient,
                enrolment=enrolment,
                date=patient.local_today(),
                pain_during=2,
                pain_after=1,
            )
            alert(patient, "stalled", "routine")
            CheckIn.objects.filter(patient=patient).update(note="a note to read")
            enrolment.gate_snapshot = {
                "decision": "hold",
                "criteria": [{"key": "check", "label": "a check", "met": False, "observed": None}],
            }
            enrolment.save(update_fields=["gate_snapshot"])

    client = api(cast.physio)
    client.get("/api/v1/me/")
    add_patients(5)
    small = count_queries(client)
    add_patients(195)
    large = count_queries(client)
    assert small == large
    assert large <= 10


WAITING_GATE = {
    "decision": "hold",
    "criteria": [
        {
            "key": "days_in_phase",
            "label": "at least 14 days in this phase",
            "met": True,
            "observed": 20,
            "target": 14,
        },
        {
            "key": "check",
            "label": "your physio confirmed: surgeon cleared full weight-bearing",
            "met": False,
            "observed": None,
            "target": "yes",
        },
        {
            "key": "measurement",
            "label": "single-leg balance for 15 seconds or more",
            "met": False,
            "observed": None,
            "target": ">= 15",
        },
    ],
}


def row_of(client, patient):
    results = client.get("/api/v1/caseload/").json()["results"]
    return next(r for r in results if r["patient"]["id"] == patient.pk)


def test_a_gate_waiting_only_on_the_physios_checks_says_what_is_missing(cast, api, clinic):
    clinic["Ada"].enrolments.update(gate_snapshot=WAITING_GATE)
    row = row_of(api(cast.physio), clinic["Ada"])
    assert row["needs"] == ["waiting_on_check"] and row["flags"] == []
    assert row["waiting_on"] == [
        "your physio confirmed: surgeon cleared full weight-bearing",
        "single-leg balance for 15 seconds or more",
    ]
    # Its own reason: after ready for review, before stalled.
    order = names(api(cast.physio).get("/api/v1/caseload/?mine=1"))
    assert order.index("Cy Ready") < order.index("Ada On-Track") < order.index("Bo Stalled")


@pytest.mark.parametrize(
    "change",
    [
        {"met": False, "observed": 3, "target": 0, "key": "log_worst", "label": "pain 3 or less"},
        {
            "key": "check",
            "label": "checked and answered no",
            "met": False,
            "observed": "no",
            "target": "yes",
        },
        {
            "key": "measurement",
            "label": "PHAT score recorded in the last 28 days",
            "met": False,
            "observed": None,
            "target": "recorded",
        },
    ],
)
def test_a_gate_that_waits_on_the_patient_too_is_not_waiting_on_the_physio(
    cast, api, clinic, change
):
    gate = {**WAITING_GATE, "criteria": [*WAITING_GATE["criteria"], change]}
    clinic["Ada"].enrolments.update(gate_snapshot=gate)
    row = row_of(api(cast.physio), clinic["Ada"])
    assert row["needs"] == [] and row["waiting_on"] == []


def test_a_gate_held_by_pain_is_not_waiting_on_the_physio(cast, api, clinic):
    gate = {**WAITING_GATE, "hold_reasons": [{"key": "log_worst", "label": "pain", "met": True}]}
    clinic["Ada"].enrolments.update(gate_snapshot=gate)
    assert row_of(api(cast.physio), clinic["Ada"])["waiting_on"] == []


def test_adherence_is_not_judged_in_the_first_week(cast, api, shipped):
    patient = PatientFactory(clinic=cast.physio.clinic, treating_physio=cast.physio)
    enrol(
        patient=patient,
        version=shipped["pht-loading"],
        side="left",
        start_date=patient.local_today() - dt.timedelta(days=5),
        created_by=cast.physio,
    )
    assert row_of(api(cast.physio), patient)["adherence_14d"] is None


def test_adherence_is_not_judged_without_an_enrolment(cast, api):
    assert row_of(api(cast.physio), cast.patient)["adherence_14d"] is None


def test_severity_ranks_before_kind(cast, api, clinic):
    """A high flare outranks a routine sciatic red flag; an urgent flag comes first."""
    Alert.objects.filter(patient__in=[clinic["Di"], clinic["Ed"]]).delete()
    alert(clinic["Ed"], "red_flag", "routine", key="sciatic")
    alert(clinic["Di"], "flare", "high")
    alert(clinic["Ada"], "stalled", "urgent")  # not shipped, but urgent must still lead
    order = names(api(cast.physio).get("/api/v1/caseload/?mine=1"))
    assert order[:3] == ["Ada On-Track", "Di Flare", "Ed Red-Flag"]


def test_an_unread_patient_note_flags_the_row_until_the_physio_reads_it(cast, api, clinic):
    ada = clinic["Ada"]
    CheckIn.objects.create(
        patient=ada,
        date=ada.local_today(),
        pain_rest=1,
        pain_morning=1,
        note="Can I cycle to work?",
    )
    client = api(cast.physio)
    row = row_of(client, ada)
    assert row["needs"] == ["note"] and row["unread"] == 1
    client.get(f"/api/v1/patients/{ada.pk}/messages/")
    row = row_of(client, ada)
    assert row["needs"] == [] and row["unread"] == 0
