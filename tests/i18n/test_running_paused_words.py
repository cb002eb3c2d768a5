"""Why running is paused (PROTOCOLS.md 9.9) reads in the patient's language on Today, while
the stored English, which staff, exports and the enrolment API read, stays as it was."""

from rehab import reviews
from rehab.enrolments import enrol
from rehab.models import Enrolment, Measurement
from tests.rehab.conftest import checkin_body, days_ago


def start_running(cast, shipped):
    return enrol(
        patient=cast.patient,
        version=shipped["return-to-run"],
        side="left",
        start_date=days_ago(cast.patient, 0),
        created_by=cast.physio,
        entry_confirmed=True,
    )


def paused_on_today(api, cast, language: str) -> str | None:
    response = api(cast.patient.user).get("/api/v1/today/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    (row,) = [p for p in response.json()["phases"] if p["protocol"] == "return-to-run"]
    return row["running_paused"]


def test_a_red_flag_pause_names_the_flags_in_the_patients_words_and_language(cast, api, shipped):
    running = start_running(cast, shipped)
    assert paused_on_today(api, cast, "nl") is None
    body = checkin_body(cast.patient, red_flags=["suspected_avulsion", "bone_stress"])
    assert api(cast.patient.user).post("/api/v1/checkins/", body, format="json").status_code == 201

    running.refresh_from_db()
    assert running.running_paused_reason == "Red flag: bone stress, suspected avulsion."
    assert paused_on_today(api, cast, "nl") == (
        "Rode vlag: een mogelijke stressfractuur, een mogelijke peesscheur (knap)."
    )
    assert paused_on_today(api, cast, "en") == (
        "Red flag: a possible bone stress fracture, a possible tendon tear (pop)."
    )
    staff = api(cast.physio).get(f"/api/v1/enrolments/{running.pk}/", HTTP_ACCEPT_LANGUAGE="nl")
    assert staff.json()["running_paused_reason"] == "Red flag: bone stress, suspected avulsion."


def test_a_phase_that_forbids_running_is_named_with_the_protocols_dutch_words(cast, api, shipped):
    avulsion = enrol(
        patient=cast.patient,
        version=shipped["hamstring-avulsion"],
        side="left",
        track="non_operative",
        start_date=days_ago(cast.patient, 0),
        injury_date=days_ago(cast.patient, 0),
        created_by=cast.physio,
    )
    reviews.override(
        enrolment_id=avulsion.pk, to_phase_key="phase-3", reason="Walking well", user=cast.physio
    )
    running = start_running(cast, shipped)
    reviews.override(
        enrolment_id=avulsion.pk,
        to_phase_key="phase-2",
        reason="Pain on walking again",
        user=cast.physio,
    )

    english = (
        "Running is not allowed in Gait, balance and initial strength of Proximal hamstring "
        "avulsion - criteria-based rehabilitation."
    )
    running.refresh_from_db()
    assert running.running_paused_reason == english
    assert paused_on_today(api, cast, "nl") == (
        "Hardlopen mag niet in Lopen, balans en eerste kracht van Proximale hamstring-avulsie "
        "- revalidatie op basis van criteria."
    )
    assert paused_on_today(api, cast, "en") == english


def test_a_pause_stored_before_it_kept_its_words_reads_as_stored(cast, api, shipped):
    running = start_running(cast, shipped)
    Enrolment.objects.filter(pk=running.pk).update(
        running_paused_since=running.created_at, running_paused_reason="Red flag: bone stress."
    )
    assert paused_on_today(api, cast, "nl") == "Red flag: bone stress."


def test_resuming_forgets_the_words_with_the_reason(cast, api, shipped):
    running = start_running(cast, shipped)
    body = checkin_body(cast.patient, red_flags=["bone_stress"])
    assert api(cast.patient.user).post("/api/v1/checkins/", body, format="json").status_code == 201
    Measurement.objects.create(
        patient=cast.patient, date=days_ago(cast.patient, 0), key="bone_stress_cleared", value=1
    )
    resume = {"to_phase": "level-1", "reason": "Imaging clear"}
    url = f"/api/v1/enrolments/{running.pk}/resume/"
    assert api(cast.physio).post(url, resume).status_code == 201
    running.refresh_from_db()
    assert (running.running_paused_reason, running.running_paused_words) == ("", None)
    assert paused_on_today(api, cast, "nl") is None
