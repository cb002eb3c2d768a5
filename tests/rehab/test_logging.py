"""The write path: create, replay, conflict, edit with history, delete (kept, marked
deleted, with its history)."""

import pytest
from django.core import mail

from rehab.models import Alert, CheckIn, ExerciseSession
from tests.rehab.conftest import checkin_body, days_ago, session_body

pytestmark = pytest.mark.django_db


def test_a_patient_logs_a_checkin_and_reads_it_back(enrolled, api):
    client = api(enrolled.patient.user)
    body = checkin_body(enrolled.patient)
    created = client.post("/api/v1/checkins/", body, format="json")
    assert created.status_code == 201
    assert created.json()["id"] == body["id"]
    assert created.json()["pain_morning"] == 2
    fetched = client.get(f"/api/v1/checkins/{body['id']}/")
    assert fetched.json() == created.json()


def test_replaying_the_same_checkin_returns_200_and_the_stored_record(enrolled, api):
    client = api(enrolled.patient.user)
    body = checkin_body(enrolled.patient)
    first = client.post("/api/v1/checkins/", body, format="json")
    again = client.post("/api/v1/checkins/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert CheckIn.objects.count() == 1


def test_the_same_id_with_a_different_body_is_409(enrolled, api):
    client = api(enrolled.patient.user)
    body = checkin_body(enrolled.patient)
    client.post("/api/v1/checkins/", body, format="json")
    changed = client.post("/api/v1/checkins/", {**body, "pain_rest": 5}, format="json")
    assert changed.status_code == 409
    assert "already used for a different record" in changed.json()["detail"]
    assert CheckIn.objects.get().pain_rest == 1


def test_a_second_checkin_for_a_date_is_409_naming_the_first(enrolled, api):
    client = api(enrolled.patient.user)
    first = checkin_body(enrolled.patient)
    client.post("/api/v1/checkins/", first, format="json")
    second = client.post("/api/v1/checkins/", checkin_body(enrolled.patient), format="json")
    assert second.status_code == 409
    assert second.json()["existing_id"] == first["id"]
    assert first["id"] in second.json()["detail"]


def test_another_patients_id_is_a_conflict_and_reveals_nothing(enrolled, api):
    body = checkin_body(enrolled.patient)
    api(enrolled.patient.user).post("/api/v1/checkins/", body, format="json")
    other = checkin_body(enrolled.other_patient, id=body["id"])
    response = api(enrolled.other_patient.user).post("/api/v1/checkins/", other, format="json")
    assert response.status_code == 409
    assert "pain" not in response.json()["detail"]


def test_a_session_replay_is_idempotent_too(enrolled, api):
    client = api(enrolled.patient.user)
    body = session_body(enrolled.patient)
    assert client.post("/api/v1/sessions/", body, format="json").status_code == 201
    replay = client.post("/api/v1/sessions/", body, format="json")
    assert replay.status_code == 200
    assert replay.json()["exercises"] == [
        {"exercise": "bridge_hold", "sets": 5, "reps": None, "hold_s": 30, "load_kg": None}
    ]
    assert ExerciseSession.objects.count() == 1


def test_an_edit_keeps_who_changed_what_and_when(enrolled, api):
    client = api(enrolled.patient.user)
    body = checkin_body(enrolled.patient)
    client.post("/api/v1/checkins/", body, format="json")
    edited = client.patch(f"/api/v1/checkins/{body['id']}/", {"pain_rest": 3}, format="json")
    assert edited.status_code == 200
    assert edited.json()["pain_rest"] == 3
    history = CheckIn.history.filter(id=body["id"]).order_by("history_date")
    assert [(h.history_type, h.pain_rest) for h in history] == [("+", 1), ("~", 3)]
    assert {h.history_user for h in history} == {enrolled.patient.user}


def test_a_deleted_log_is_kept_marked_deleted_with_its_versions(enrolled, api):
    client = api(enrolled.patient.user)
    body = checkin_body(enrolled.patient)
    client.post("/api/v1/checkins/", body, format="json")
    assert client.delete(f"/api/v1/checkins/{body['id']}/").status_code == 204
    assert not CheckIn.objects.exists()
    kept = CheckIn.kept.get(id=body["id"])
    assert (kept.pain_morning, kept.deleted_by) == (2, enrolled.patient.user)
    assert kept.deleted_at is not None
    history = CheckIn.history.filter(id=body["id"]).order_by("history_date")
    assert [(h.history_type, h.deleted_at is None) for h in history] == [
        ("+", True),
        ("~", False),
    ]
    assert history.last().history_user == enrolled.patient.user


def test_a_deleted_log_is_404_to_read_edit_or_delete_again(enrolled, api):
    client = api(enrolled.patient.user)
    body = checkin_body(enrolled.patient)
    client.post("/api/v1/checkins/", body, format="json")
    client.delete(f"/api/v1/checkins/{body['id']}/")
    url = f"/api/v1/checkins/{body['id']}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"pain_rest": 3}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert client.get("/api/v1/checkins/").json()["count"] == 0
    physio = api(enrolled.physio)
    assert physio.get(url).status_code == 404
    assert physio.get(f"/api/v1/checkins/?patient={enrolled.patient.pk}").json()["count"] == 0


def test_replaying_the_write_of_a_deleted_log_is_410_and_brings_nothing_back(enrolled, api):
    client = api(enrolled.patient.user)
    body = session_body(enrolled.patient)
    client.post("/api/v1/sessions/", body, format="json")
    client.delete(f"/api/v1/sessions/{body['id']}/")
    for replay in (body, {**body, "pain_during": 5}):
        response = client.post("/api/v1/sessions/", replay, format="json")
        assert response.status_code == 410
        assert response.json() == {
            "detail": "This record was deleted, so it is not saved again. "
            "Send a new id to log it anew."
        }
    assert not ExerciseSession.objects.exists()
    assert ExerciseSession.kept.get().pain_during == 2


def test_another_patients_deleted_id_is_a_plain_conflict(enrolled, api):
    body = checkin_body(enrolled.patient)
    api(enrolled.patient.user).post("/api/v1/checkins/", body, format="json")
    api(enrolled.patient.user).delete(f"/api/v1/checkins/{body['id']}/")
    other = checkin_body(enrolled.other_patient, id=body["id"])
    theirs = api(enrolled.other_patient.user).post("/api/v1/checkins/", other, format="json")
    assert theirs.status_code == 409
    assert "already used for a different record" in theirs.json()["detail"]


def test_a_deleted_checkin_leaves_its_date_free_for_a_new_one(enrolled, api):
    client = api(enrolled.patient.user)
    first = checkin_body(enrolled.patient)
    client.post("/api/v1/checkins/", first, format="json")
    client.delete(f"/api/v1/checkins/{first['id']}/")
    second = checkin_body(enrolled.patient, pain_rest=4)
    assert client.post("/api/v1/checkins/", second, format="json").status_code == 201
    assert CheckIn.objects.get().pain_rest == 4
    assert CheckIn.kept.count() == 2


def test_moving_a_checkin_onto_a_taken_date_is_409(enrolled, api):
    client = api(enrolled.patient.user)
    today = checkin_body(enrolled.patient)
    yesterday = checkin_body(enrolled.patient, date=days_ago(enrolled.patient, 1).isoformat())
    client.post("/api/v1/checkins/", today, format="json")
    client.post("/api/v1/checkins/", yesterday, format="json")
    moved = client.patch(f"/api/v1/checkins/{yesterday['id']}/", {"date": today["date"]})
    assert moved.status_code == 409
    assert moved.json()["existing_id"] == today["id"]


def test_a_red_flag_alerts_the_treating_physio_in_the_same_write(enrolled, api):
    body = checkin_body(enrolled.patient, red_flags=["neuro", "sciatic"])
    response = api(enrolled.patient.user).post("/api/v1/checkins/", body, format="json")
    assert response.status_code == 201
    alerts = {a.key: a for a in Alert.objects.filter(kind="red_flag")}
    assert set(alerts) == {"neuro", "sciatic"}
    assert alerts["neuro"].severity == "urgent"
    assert alerts["sciatic"].severity == "routine"
    assert alerts["neuro"].assigned_to == enrolled.physio
    assert str(alerts["neuro"].checkin_id) == body["id"]


def test_an_urgent_red_flag_emails_the_treating_physio_at_once(
    enrolled, api, django_capture_on_commit_callbacks
):
    body = checkin_body(enrolled.patient, red_flags=["neuro", "sciatic"], pain_rest=6)
    with django_capture_on_commit_callbacks(execute=True):
        api(enrolled.patient.user).post("/api/v1/checkins/", body, format="json")
    assert len(mail.outbox) == 1  # one urgent flag; the routine one waits on the dashboard
    email = mail.outbox[0]
    assert email.to == [enrolled.physio.email]
    assert f"/physio/patients/{enrolled.patient.pk}" in email.body
    assert enrolled.patient.name not in email.body + email.subject  # no health data by email
    assert "numbness" not in email.body


def test_without_a_treating_physio_the_clinic_admins_are_emailed(
    enrolled, api, django_capture_on_commit_callbacks
):
    enrolled.patient.treating_physio = None
    enrolled.patient.save()
    body = checkin_body(enrolled.patient, red_flags=["post_op"])
    with django_capture_on_commit_callbacks(execute=True):
        api(enrolled.patient.user).post("/api/v1/checkins/", body, format="json")
    assert [email.to for email in mail.outbox] == [[enrolled.clinic_admin.email]]


def test_a_replayed_red_flag_raises_one_alert(enrolled, api):
    body = checkin_body(enrolled.patient, red_flags=["neuro"])
    client = api(enrolled.patient.user)
    client.post("/api/v1/checkins/", body, format="json")
    client.post("/api/v1/checkins/", body, format="json")
    assert Alert.objects.filter(kind="red_flag", key="neuro").count() == 1


def test_session_pain_of_8_raises_an_escalating_red_flag(enrolled, api):
    body = session_body(enrolled.patient, pain_during=8)
    api(enrolled.patient.user).post("/api/v1/sessions/", body, format="json")
    alert = Alert.objects.get(kind="red_flag", key="escalating")
    assert alert.severity == "urgent"


def test_lists_filter_by_date_range(enrolled, api):
    client = api(enrolled.patient.user)
    for n in range(5):
        body = checkin_body(enrolled.patient, date=days_ago(enrolled.patient, n).isoformat())
        client.post("/api/v1/checkins/", body, format="json")
    start, end = days_ago(enrolled.patient, 3), days_ago(enrolled.patient, 1)
    listed = client.get(f"/api/v1/checkins/?from={start}&to={end}").json()
    assert listed["count"] == 3
    assert [row["date"] for row in listed["results"]] == [
        days_ago(enrolled.patient, n).isoformat() for n in (1, 2, 3)
    ]
    assert client.get("/api/v1/checkins/?from=yesterday").status_code == 400


def test_writes_are_rate_limited_per_user(enrolled, api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": "10/min", "writes": "2/min"},
    }
    client = api(enrolled.patient.user)
    statuses = [
        client.post(
            "/api/v1/checkins/",
            checkin_body(enrolled.patient, date=days_ago(enrolled.patient, n).isoformat()),
            format="json",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert client.get("/api/v1/checkins/").status_code == 200  # reading is not limited
