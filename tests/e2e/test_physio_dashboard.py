"""The physio dashboard in Chromium: sign in, open the most urgent patient, approve the
pending review, and see the caseload re-rank."""

import datetime as dt
import re
import zipfile

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from patients import twofactor
from rehab import services
from rehab.models import (
    Alert,
    CheckIn,
    Enrolment,
    ExerciseSession,
    Measurement,
    PhaseTransition,
    Treatment,
)
from tests.e2e.physio_browser import chromium, new_page, screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def green_logs(enrolment, days=20):
    """A check-in and a comfortable session every day: enough to pass stage 1's gate."""
    patient = enrolment.patient
    for n in range(days, -1, -1):
        date = patient.local_today() - dt.timedelta(days=n)
        CheckIn.objects.create(
            patient=patient,
            date=date,
            pain_rest=0,
            pain_morning=2,
            sitting_minutes=30 + n % 5 * 4,
            load_test_pain=2,
        )
        ExerciseSession.objects.create(
            patient=patient, enrolment=enrolment, date=date, pain_during=2, pain_after=1
        )


def sign_in(page, base_url):
    page.goto(f"{base_url}/")
    page.get_by_label("Email").fill("physio@harbour.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()


def test_a_physio_approves_the_top_patients_review_and_the_caseload_reranks(live_server, enrolled):
    cast = enrolled
    robin = Enrolment.objects.get(patient=cast.patient)
    green_logs(robin)
    services.evaluate(enrolment_id=robin.pk, trigger="nightly")
    pending = PhaseTransition.objects.get(enrolment=robin, status="pending")
    assert pending.to_phase.key == "stage-2"

    with chromium() as browser:
        page = new_page(browser)
        sign_in(page, live_server.url)
        rows = page.locator("tr.ph-row")
        expect(rows).to_have_count(1)  # "my patients": only Robin is the physio's
        page.get_by_label("Whole clinic").check()
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text("Robin Runner")
        expect(rows.first).to_contain_text("Ready for review")
        expect(rows.nth(1)).to_contain_text("Casey Cyclist")
        screenshot(page, "physio-caseload.png")

        rows.first.get_by_role("link", name="Robin Runner").click()  # click 1
        expect(page).to_have_url(re.compile(rf"/physio/patients/{cast.patient.pk}$"))
        review = page.locator(".ph-review")
        expect(review).to_contain_text("Ready for review: Isometric")
        expect(page.locator(".ph-checklist").first).to_contain_text(
            "at least 14 days in this phase"
        )
        expect(page.locator(".ph-chart .uplot").first).to_be_visible()
        expect(page.locator(".ph-chart .uplot")).to_have_count(4)  # the rest have no data yet
        screenshot(page, "physio-patient-detail.png")

        review.get_by_label("Note for the record").fill("Pain settled; progress to isotonic.")
        review.get_by_role("button", name=re.compile("^Approve")).click()  # click 2
        expect(page.locator(".ph-review")).to_have_count(0)
        history = page.locator(".ph-history")
        expect(history).to_contain_text("Approved")
        expect(history).to_contain_text("Pain settled; progress to isotonic.")
        expect(page.get_by_role("heading", level=2, name=re.compile("Isotonic"))).to_be_visible()
        # The gate shown is now the new phase's, checked at approval.
        expect(page.locator(".ph-gate").first).to_contain_text("Gate to Isotonic into hip flexion")
        expect(page.get_by_text("has changed phase since this gate was evaluated")).to_have_count(0)

        page.get_by_role("link", name="Back to caseload").click()
        expect(rows.first).to_contain_text("Casey Cyclist")
        expect(rows.nth(1)).to_contain_text("Robin Runner")
        expect(rows.nth(1)).to_contain_text("On track")
        expect(page.locator(".ph-chip-ready_for_review")).to_have_count(0)
        screenshot(page, "physio-caseload-after-approval.png")

    pending.refresh_from_db()
    assert (pending.status, pending.decided_by, pending.note) == (
        "approved",
        cast.physio,
        "Pain settled; progress to isotonic.",
    )
    robin.refresh_from_db()
    assert robin.current_phase.key == "stage-2"
    assert not Alert.objects.filter(enrolment=robin, acknowledged_at__isnull=True).exists()


def test_a_physio_invites_enrols_records_tests_declines_and_overrides(live_server, cast, shipped):
    surgery = (cast.patient.local_today() - dt.timedelta(days=50)).isoformat()

    with chromium() as browser:
        page = new_page(browser)
        sign_in(page, live_server.url)
        page.get_by_role("link", name="Invite a patient").click()
        page.get_by_label("Full name").fill("Dana Dancer")
        page.get_by_label("Email").fill("dana@mail.test")
        page.get_by_label("Date of birth").fill("1992-03-04")
        page.get_by_label("Time zone").fill("Europe/London")
        page.get_by_role("button", name="Create patient and invite").click()
        expect(page.get_by_role("heading", name="Dana Dancer is invited")).to_be_visible()
        expect(page.get_by_label("Invite link")).to_have_value(
            re.compile(r"^http://.+/invite/\S+$")
        )

        page.get_by_role("link", name="Enrol in a programme").click()
        expect(page.get_by_label("Patient", exact=True)).to_have_value(re.compile(r"^\d+$"))
        page.get_by_label("Programme").select_option("hamstring-avulsion")
        page.get_by_role("radio", name=re.compile("^Operative")).check()
        page.get_by_label("Left").check()
        page.get_by_label("Start date").fill(surgery)
        page.get_by_label("Surgery date").fill(surgery)
        page.get_by_label("Tendons involved").select_option("2")
        page.get_by_role("button", name="Enrol", exact=True).click()
        expect(page.get_by_role("heading", level=2, name=re.compile("Protective"))).to_be_visible()

        form = page.locator("form.ph-measure")
        form.get_by_label("Injured side (left)").fill("40")
        form.get_by_label("Uninjured side (right)").fill("50")
        expect(form.locator(".ph-preview")).to_have_text("LSI 80%")
        form.get_by_label("PHAT total").fill("38")
        form.get_by_role("group", name="Surgeon cleared full weight-bearing").get_by_label(
            "Yes"
        ).check()
        form.get_by_role("button", name="Save results").click()
        expect(form.get_by_role("status")).to_have_text(re.compile("^Saved 4 results"))
        expect(
            page.locator(".ph-chart", has_text="knee-flexion LSI").locator(".uplot")
        ).to_be_visible()
        outcomes = page.locator(".ph-chart", has_text="PHAT and VISA-H")
        expect(outcomes.locator(".uplot")).to_be_visible()
        expect(outcomes).to_contain_text(
            "operative track, n = 26: 32 ± 16 at baseline, 80 at one year"
        )
        expect(outcomes).to_contain_text("not a target")

        page.get_by_role("button", name="Evaluate now").click()
        review = page.locator(".ph-review")
        expect(review).to_contain_text("Ready for review: Protective")
        review.get_by_role("button", name="Decline").click()
        expect(review.get_by_role("alert")).to_contain_text("note")
        review.get_by_label("Note for the record").fill("Wound check first.")
        review.get_by_role("button", name="Decline").click()
        expect(page.locator(".ph-review")).to_have_count(0)

        page.get_by_label("Move to phase").select_option("phase-2")
        page.get_by_label("Reason (kept in the history)").fill("Wound healed; surgeon letter.")
        page.get_by_role("button", name="Override phase").click()
        expect(
            page.get_by_role("heading", level=2, name=re.compile("Gait, balance"))
        ).to_be_visible()
        history = page.locator(".ph-history")
        expect(history).to_contain_text("Wound check first.")
        expect(history).to_contain_text("Wound healed; surgeon letter.")
        treatment = page.locator("form.ph-treatment")
        treatment.get_by_label("Treatment").select_option("prp_injection")
        treatment.get_by_label("Side").select_option("left")
        treatment.get_by_role("button", name="Record treatment").click()
        expect(page.locator(".ph-card", has=treatment)).to_contain_text("PRP injection, left")
        screenshot(page, "physio-patient-avulsion.png")

    enrolment = Enrolment.objects.get(patient__user__email="dana@mail.test")
    assert enrolment.patient.treating_physio == cast.physio
    assert (enrolment.track, enrolment.side, enrolment.current_phase.key) == (
        "operative",
        "left",
        "phase-2",
    )
    treatment = Treatment.objects.get(patient=enrolment.patient)
    assert (treatment.kind, treatment.side, treatment.recorded_by) == (
        "prp_injection",
        "left",
        cast.physio,
    )
    strength = Measurement.objects.filter(patient=enrolment.patient, key="knee_flexion_lsi")
    assert sorted(strength.values_list("side", "value", "method")) == [
        ("left", 40.0, "isometric"),
        ("right", 50.0, "isometric"),
    ]
    decisions = dict(
        PhaseTransition.objects.filter(enrolment=enrolment).values_list("status", "note")
    )
    assert decisions == {
        "declined": "Wound check first.",
        "applied": "Wound healed; surgeon letter.",
    }


def test_a_clinic_admin_exports_last_quarters_logs_and_sees_the_record(
    live_server, enrolled, tmp_path
):
    green_logs(Enrolment.objects.get(patient=enrolled.patient), days=200)
    # Clinic admins sign in with a second factor (tests/e2e/test_sign_in.py shows the form).
    key = twofactor.enrol(enrolled.clinic_admin, secret_base32="JBSWY3DPEHPK3PXP").bin_key

    with chromium() as browser:
        page = new_page(browser)
        page.goto(f"{live_server.url}/physio/exports")
        page.get_by_label("Email").fill(enrolled.clinic_admin.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_label("Authentication code").fill(f"{totp(key):06d}")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Exports", level=1)).to_be_visible()
        expect(page.get_by_label("From", exact=True)).not_to_have_value(
            ""
        )  # last quarter by default
        page.get_by_role("button", name="Start export").click()
        job = page.locator(".ph-job").first
        expect(job).to_contain_text("All logs (CSV, zipped)")
        with page.expect_download() as download:
            job.get_by_role("link", name="Download").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        records = page.locator("#records-title + table")
        page.reload()
        expect(records).to_contain_text("All logs (CSV, zipped)")
        expect(records).to_contain_text("The whole clinic")
        screenshot(page, "physio-exports.png")

    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert "checkins.csv" in names, names
