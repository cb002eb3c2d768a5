"""One conversation per patient: messages, log notes and decision notes, merged in order;
only the patient and their clinic's staff see it; unread counts follow a read marker."""

import datetime as dt

import pytest
from django.core import mail

from conversations.models import Message
from rehab.models import CheckIn, ExerciseSession, PhaseTransition

pytestmark = pytest.mark.django_db


def rows(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def url(patient):
    return f"/api/v1/patients/{patient.pk}/messages/"


def test_a_check_in_note_appears_in_the_conversation_by_itself(enrolled, api):
    patient = enrolled.patient
    CheckIn.objects.create(
        patient=patient,
        date=patient.local_today(),
        pain_rest=1,
        pain_morning=2,
        note="Sore after sitting at work",
    )
    [row] = rows(api(enrolled.physio).get(url(patient)))
    assert row["kind"] == "note"
    assert row["text"] == "Sore after sitting at work"
    assert row["author"] == {"id": patient.user_id, "name": "Robin Runner", "role": "patient"}
    assert row["source"]["type"] == "checkin"
    assert row["source"]["date"] == str(patient.local_today())


def test_notes_messages_and_decisions_come_oldest_first(enrolled, api):
    patient = enrolled.patient
    enrolment = patient.enrolments.get()
    today = patient.local_today()
    ExerciseSession.objects.create(
        patient=patient,
        enrolment=enrolment,
        date=today,
        pain_during=2,
        pain_after=1,
        note="Bridges felt easy",
    )
    physio = api(enrolled.physio)
    assert (
        physio.post(url(patient), {"text": "Great, keep going"}, format="json").status_code == 201
    )
    PhaseTransition.objects.create(
        enrolment=enrolment,
        from_phase=enrolment.current_phase,
        to_phase=enrolment.version.phases.get(key="stage-2"),
        decision="ready_for_review",
        status="declined",
        trigger="nightly",
        evaluated_on=today,
        decided_by=enrolled.physio,
        note="One more week in stage 1",
        decided_at=dt.datetime.now(dt.UTC),
    )
    PhaseTransition.objects.create(
        enrolment=enrolment,
        from_phase=enrolment.current_phase,
        to_phase=enrolment.version.phases.get(key="stage-2"),
        decision="ready_for_review",
        status="closed",
        trigger="nightly",
        evaluated_on=today,
        reason="Closed by a flare-up",
        decided_at=dt.datetime.now(dt.UTC),
    )
    PhaseTransition.objects.create(  # an automatic step back with no person's words: not shown
        enrolment=enrolment,
        from_phase=enrolment.current_phase,
        to_phase=enrolment.current_phase,
        decision="flare",
        status="applied",
        trigger="log",
        evaluated_on=today,
        note="Stepped back.",
    )
    seen = rows(api(patient.user).get("/api/v1/messages/"))
    assert [(r["kind"], r["text"]) for r in seen] == [
        ("note", "Bridges felt easy"),
        ("message", "Great, keep going"),
        ("decision", "One more week in stage 1"),
        ("decision", "Closed by a flare-up"),
    ]
    assert seen[2]["source"]["status"] == "declined"
    assert seen[2]["author"]["role"] == "physio"
    assert seen[3]["author"]["role"] == "system"


def test_a_corrected_or_deleted_note_is_corrected_or_gone_in_the_conversation(enrolled, api):
    patient = enrolled.patient
    checkin = CheckIn.objects.create(
        patient=patient, date=patient.local_today(), pain_rest=1, pain_morning=2, note="typo"
    )
    client = api(patient.user)
    client.patch(f"/api/v1/checkins/{checkin.pk}/", {"note": "fixed"}, format="json")
    assert [r["text"] for r in rows(client.get("/api/v1/messages/"))] == ["fixed"]
    client.delete(f"/api/v1/checkins/{checkin.pk}/")
    assert rows(client.get("/api/v1/messages/")) == []


def test_a_message_post_returns_the_row_and_the_patient_reads_it(enrolled, api):
    patient = enrolled.patient
    response = api(enrolled.physio).post(
        url(patient), {"text": "How is the sitting?"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "message"
    assert response.json()["author"]["name"] == "Pat Physio"
    assert response.json()["id"].startswith("message:")
    assert [r["text"] for r in rows(api(patient.user).get("/api/v1/messages/"))] == [
        "How is the sitting?"
    ]


def test_an_empty_message_is_refused(enrolled, api):
    response = api(enrolled.patient.user).post("/api/v1/messages/", {"text": "  "}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()


def test_the_email_about_a_message_carries_a_link_and_no_health_details(
    enrolled, api, django_capture_on_commit_callbacks
):
    patient = enrolled.patient
    with django_capture_on_commit_callbacks(execute=True):
        api(patient.user).post("/api/v1/messages/", {"text": "My knee aches"}, format="json")
    [email] = mail.outbox
    assert email.to == [enrolled.physio.email]
    assert f"/physio/patients/{patient.pk}" in email.body
    assert "knee" not in email.body and "Robin" not in email.body + email.subject
    with django_capture_on_commit_callbacks(execute=True):
        api(enrolled.physio).post(url(patient), {"text": "Ice it, call me"}, format="json")
    assert mail.outbox[1].to == [patient.email]
    assert "/messages" in mail.outbox[1].body and "Ice" not in mail.outbox[1].body


@pytest.mark.parametrize("who", ["outsider", "other_patient"])
def test_other_clinics_and_other_patients_get_404(enrolled, api, who):
    patient = enrolled.patient
    Message.objects.create(patient=patient, author=enrolled.physio, text="private")
    client = api(enrolled.users()[who])
    assert client.get(url(patient)).status_code == 404
    assert client.post(url(patient), {"text": "hi"}, format="json").status_code == 404
    assert Message.objects.filter(patient=patient).count() == 1


def test_a_patient_reads_only_their_own_conversation(enrolled, api):
    Message.objects.create(patient=enrolled.patient, author=enrolled.physio, text="for Robin")
    Message.objects.create(
        patient=enrolled.other_patient, author=enrolled.colleague, text="for Casey"
    )
    assert [r["text"] for r in rows(api(enrolled.other_patient.user).get("/api/v1/messages/"))] == [
        "for Casey"
    ]


def test_staff_cannot_use_the_patients_own_endpoint(enrolled, api):
    assert api(enrolled.physio).get("/api/v1/messages/").status_code == 403


def test_the_patients_unread_count_follows_what_they_have_read(enrolled, api):
    patient = enrolled.patient
    client = api(patient.user)
    physio = api(enrolled.physio)
    physio.post(url(patient), {"text": "one"}, format="json")
    physio.post(url(patient), {"text": "two"}, format="json")
    client.post("/api/v1/messages/", {"text": "mine does not count"}, format="json")
    assert client.get("/api/v1/messages/unread/").json() == {"unread": 2}
    client.get("/api/v1/messages/?page=last")
    assert client.get("/api/v1/messages/unread/").json() == {"unread": 0}


def test_a_staff_members_unread_count_is_their_own(enrolled, api):
    patient = enrolled.patient
    CheckIn.objects.create(
        patient=patient, date=patient.local_today(), pain_rest=1, pain_morning=2, note="note one"
    )
    api(patient.user).post("/api/v1/messages/", {"text": "and a question"}, format="json")

    def unread(user):
        data = api(user).get("/api/v1/caseload/").json()["results"]
        return next(r["unread"] for r in data if r["patient"]["id"] == patient.pk)

    assert unread(enrolled.physio) == 2 and unread(enrolled.colleague) == 2
    api(enrolled.physio).get(url(patient))
    assert unread(enrolled.physio) == 0 and unread(enrolled.colleague) == 2
