"""A patient corrects their own log within 24 hours of entry; the audit trail keeps the
original and the physio sees both; a red-flag answer withdrawn as entered in error stays
on record in its open alert."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from rehab.models import Alert, CheckIn
from tests.rehab.conftest import checkin_body

pytestmark = pytest.mark.django_db


def post_checkin(api, patient, **fields):
    body = checkin_body(patient, pain_morning=6, **fields)
    response = api(patient.user).post("/api/v1/checkins/", body, format="json")
    assert response.status_code == 201, response.json()
    return body["id"]


def test_a_patient_corrects_a_mis_tap_and_the_physio_sees_what_was_entered(enrolled, api):
    patient = enrolled.patient
    checkin_id = post_checkin(api, patient)
    assert api(patient.user).get(f"/api/v1/checkins/{checkin_id}/").json()["correction"] is None

    fixed = api(patient.user).patch(
        f"/api/v1/checkins/{checkin_id}/", {"pain_morning": 3}, format="json"
    )
    assert fixed.status_code == 200, fixed.json()
    assert fixed.json()["pain_morning"] == 3
    assert fixed.json()["correction"]["original"] == {"pain_morning": 6}

    rows = api(enrolled.physio).get(f"/api/v1/checkins/?patient={patient.pk}").json()["results"]
    (row,) = [r for r in rows if r["id"] == checkin_id]
    assert (row["pain_morning"], row["correction"]["original"]) == (3, {"pain_morning": 6})
    # The audit trail keeps both versions.
    record = CheckIn.objects.get(pk=checkin_id)
    assert [h.pain_morning for h in record.history.order_by("history_date")] == [6, 3]


def test_after_24_hours_a_log_stands_as_entered(enrolled, api):
    patient = enrolled.patient
    checkin_id = post_checkin(api, patient)
    later = timezone.now() + dt.timedelta(hours=24, minutes=1)
    with time_machine.travel(later, tick=False):
        refused = api(patient.user).patch(
            f"/api/v1/checkins/{checkin_id}/", {"pain_morning": 3}, format="json"
        )
        assert refused.status_code == 403
        assert "more than 24 hours ago" in refused.json()["detail"]
        assert api(patient.user).delete(f"/api/v1/checkins/{checkin_id}/").status_code == 403
    assert CheckIn.objects.get(pk=checkin_id).pain_morning == 6
    with time_machine.travel(later - dt.timedelta(minutes=2), tick=False):
        assert (
            api(patient.user)
            .patch(f"/api/v1/checkins/{checkin_id}/", {"pain_morning": 3}, format="json")
            .status_code
            == 200
        )


def test_a_session_and_a_run_are_correctable_the_same_way(enrolled, api):
    patient = enrolled.patient
    enrolment = patient.enrolments.get()
    body = {
        "id": "0b0c6f0e-8a7e-4c55-9d0a-2f1f3c3b5a01",
        "date": patient.local_today().isoformat(),
        "enrolment": enrolment.pk,
        "pain_during": 7,
        "pain_after": 2,
        "exercises": [],
    }
    assert api(patient.user).post("/api/v1/sessions/", body, format="json").status_code == 201
    fixed = api(patient.user).patch(
        f"/api/v1/sessions/{body['id']}/", {"pain_during": 2}, format="json"
    )
    assert fixed.json()["correction"]["original"] == {"pain_during": 7}
    with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=False):
        late = api(patient.user).patch(
            f"/api/v1/sessions/{body['id']}/", {"pain_during": 1}, format="json"
        )
        assert late.status_code == 403


def test_pain_after_stays_editable_until_the_next_check_in(enrolled, api):
    """PROTOCOLS.md 9.6: the pain after is the worst until bedtime, so a patient who has
    not checked in since can still give it past the 24 hours; nothing else."""
    patient = enrolled.patient
    enrolment = patient.enrolments.get()
    client = api(patient.user)
    session = {
        "id": "0b0c6f0e-8a7e-4c55-9d0a-2f1f3c3b5a02",
        "date": patient.local_today().isoformat(),
        "enrolment": enrolment.pk,
        "pain_during": 2,
        "pain_after": 2,
        "exercises": [],
    }
    assert client.post("/api/v1/sessions/", session, format="json").status_code == 201
    url = f"/api/v1/sessions/{session['id']}/"
    later = timezone.now() + dt.timedelta(hours=30)
    with time_machine.travel(later, tick=False):
        assert client.patch(url, {"pain_after": 4}, format="json").status_code == 200
        assert client.patch(url, {"pain_during": 4}, format="json").status_code == 403
        next_day = (patient.local_today()).isoformat()
        checkin = checkin_body(patient, date=next_day)
        assert client.post("/api/v1/checkins/", checkin, format="json").status_code == 201
        closed = client.patch(url, {"pain_after": 5}, format="json")
        assert closed.status_code == 403, closed.json()
    assert client.get(url).json()["pain_after"] == 4


def test_a_red_flag_withdrawn_as_entered_in_error_stays_on_record(enrolled, api):
    patient = enrolled.patient
    checkin_id = post_checkin(api, patient, red_flags=["bone_stress"])
    withdrawn = api(patient.user).patch(
        f"/api/v1/checkins/{checkin_id}/", {"red_flags": []}, format="json"
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["correction"]["original"] == {"red_flags": ["bone_stress"]}
    alert = Alert.objects.get(patient=patient, kind="red_flag", key="bone_stress")
    assert alert.acknowledged_at is None  # the physio is told, and decides
    assert alert.message.endswith("as entered in error.)")


def test_a_page_of_corrected_logs_reads_the_originals_in_one_query(
    enrolled, api, django_assert_max_num_queries
):
    patient = enrolled.patient
    client = api(patient.user)
    for n in range(5):
        date = (patient.local_today() - dt.timedelta(days=n)).isoformat()
        checkin_id = post_checkin(api, patient, date=date)
        client.patch(f"/api/v1/checkins/{checkin_id}/", {"pain_rest": 4}, format="json")
    with django_assert_max_num_queries(7):
        rows = client.get("/api/v1/checkins/").json()["results"]
    assert [r["correction"]["original"] for r in rows] == [{"pain_rest": 1}] * 5
