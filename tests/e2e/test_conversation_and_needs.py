"""In Chromium: a patient's note reaches the caseload and the physio replies; a gate that
waits only on the physio's own check says so; an empty export range offers no download."""

import datetime as dt

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from conversations.models import Message
from patients import twofactor
from rehab.models import CheckIn, Enrolment
from tests.e2e.physio_browser import chromium, new_page, screenshot
from tests.e2e.test_patient_pwa import phone_page
from tests.e2e.test_patient_pwa import sign_in as patient_sign_in
from tests.e2e.test_physio_dashboard import sign_in as physio_sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_patient_note_reaches_the_caseload_and_the_physio_replies(live_server, enrolled):
    patient = enrolled.patient
    CheckIn.objects.create(
        patient=patient,
        date=patient.local_today(),
        pain_rest=1,
        pain_morning=2,
        note="Sitting at work is still sore.",
    )

    with chromium() as browser:
        phone = phone_page(browser)
        patient_sign_in(phone, live_server.url, patient.user.email)
        phone.get_by_role("link", name="Messages").click()
        expect(phone.get_by_role("heading", name="Messages", level=1)).to_be_visible()
        expect(phone.locator(".conv-row")).to_contain_text("Sitting at work is still sore.")
        phone.get_by_label("Write a message").fill("Can I cycle to work next week?")
        phone.get_by_role("button", name="Send").click()
        expect(phone.locator(".conv-row.conv-mine").last).to_contain_text("Can I cycle to work")

        desk = new_page(browser)
        physio_sign_in(desk, live_server.url)
        row = desk.locator("tr.ph-row", has_text="Robin Runner")
        expect(row.locator(".ph-chip-note")).to_have_text("2 new notes")
        screenshot(desk, "conversation-caseload-note.png")
        row.get_by_role("link", name="Robin Runner").click()
        panel = desk.locator("section.conv")
        expect(panel).to_contain_text("Note on the check-in of")
        expect(panel).to_contain_text("Can I cycle to work next week?")
        panel.get_by_label("Write a message").fill(
            "Yes, easy pace on the flat. Tell me how it goes."
        )
        panel.get_by_role("button", name="Send").click()
        expect(panel.locator(".conv-mine")).to_contain_text("easy pace on the flat")
        screenshot(desk, "conversation-physio-reply.png")
        desk.go_back()
        expect(
            desk.locator("tr.ph-row", has_text="Robin Runner").locator(".ph-chip-note")
        ).to_have_count(0)

        phone.get_by_role("link", name="Today").first.click()
        expect(phone.locator(".messages-link .conv-badge")).to_have_text("1")
        phone.get_by_role("link", name="Messages").click()
        expect(phone.locator(".conv-row").last).to_contain_text("easy pace on the flat")
        expect(phone.locator(".conv-row").last).to_contain_text("Pat Physio")
        screenshot(phone, "conversation-patient-sees-reply.png")

    assert list(Message.objects.values_list("author__role", flat=True)) == ["patient", "physio"]


def test_a_gate_waiting_only_on_the_physios_check_says_so_on_the_caseload(live_server, enrolled):
    enrolment = Enrolment.objects.get(patient=enrolled.patient)
    enrolment.gate_snapshot = {
        "decision": "hold",
        "to_phase": "stage-2",
        "mode": "review",
        "criteria": [
            {
                "key": "days_in_phase",
                "label": "at least 14 days in this phase",
                "met": True,
                "observed": 30,
                "target": 14,
                "explanation": "met",
            },
            {
                "key": "check",
                "label": "your physio confirmed: pain-free knee-bending hold at 90 degrees",
                "met": False,
                "observed": None,
                "target": "yes",
                "explanation": "your physio has not checked this yet",
            },
        ],
    }
    enrolment.save(update_fields=["gate_snapshot"])

    with chromium() as browser:
        page = new_page(browser)
        physio_sign_in(page, live_server.url)
        row = page.locator("tr.ph-row", has_text="Robin Runner")
        expect(row.locator(".ph-chip-waiting_on_check")).to_have_text("Waiting on your check")
        expect(row.locator(".ph-waiting")).to_contain_text("pain-free knee-bending hold at 90")
        expect(row).not_to_contain_text("On track")
        expect(page.locator(".ph-summary")).to_contain_text("Waiting on your check")
        screenshot(page, "caseload-waiting-on-check.png")


def test_an_export_of_an_empty_range_says_so_and_offers_no_download(live_server, enrolled):
    key = twofactor.enrol(enrolled.clinic_admin, secret_base32="JBSWY3DPEHPK3PXP").bin_key
    empty_from = enrolled.patient.local_today() - dt.timedelta(days=400)

    with chromium() as browser:
        page = new_page(browser)
        page.goto(f"{live_server.url}/physio/exports")
        page.get_by_label("Email").fill(enrolled.clinic_admin.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_label("Authentication code").fill(f"{totp(key):06d}")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Exports", level=1)).to_be_visible()
        today = dt.date.today()
        expect(page.get_by_label("To", exact=True)).to_have_value(str(today))
        expect(page.get_by_label("From", exact=True)).to_have_value(
            str(today - dt.timedelta(days=89))
        )
        page.get_by_label("From", exact=True).fill(str(empty_from))
        page.get_by_label("To", exact=True).fill(str(empty_from + dt.timedelta(days=30)))
        page.get_by_role("button", name="Start export").click()
        job = page.locator(".ph-job").first
        expect(job).to_contain_text("No rows in this range")
        expect(job.get_by_role("link", name="Download")).to_have_count(0)
        screenshot(page, "exports-empty-range.png")
