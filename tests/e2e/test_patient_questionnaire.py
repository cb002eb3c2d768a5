"""Questionnaires in the patient PWA, in Chromium at a phone viewport: Today says the
VISA-H is due, the patient answers it one question a screen, sees the score, and finds it
charted on Progress; the answers land as the visa_h measurement the gates read."""

import re

import pytest
from playwright.sync_api import expect

from rehab.models import Measurement
from tests.e2e.physio_browser import chromium
from tests.e2e.test_patient_pwa import DISCLAIMER, SMALL_TARGETS, phone_page, shot, sign_in, tab

pytestmark = pytest.mark.django_db(transaction=True)


def fits_a_phone(page):
    """The screen's own controls (the header is the app shell's): no sideways scrolling,
    every tap target at least 44x44 px."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert (
        page.evaluate(
            SMALL_TARGETS.replace(
                "document.querySelectorAll(", "document.querySelector('main').querySelectorAll("
            )
        )
        == []
    )


def test_a_patient_answers_the_visa_h_when_due_and_sees_the_score_on_progress(
    live_server, enrolled
):
    patient = enrolled.patient
    with chromium() as browser:
        page = phone_page(browser)
        sign_in(page, live_server.url, patient.user.email)
        due = page.get_by_text("Your VISA-H is due")
        expect(due).to_be_visible()
        shot(page, "questionnaire-due-on-today.png")
        page.get_by_role("link", name="Answer the VISA-H").click()

        expect(page.get_by_text("Question 1 of 9")).to_be_visible()
        page.get_by_role("button", name="Next").click()  # nothing chosen yet
        expect(page.get_by_text("Choose an answer to go on.")).to_be_visible()
        fits_a_phone(page)
        shot(page, "questionnaire-first-question.png")
        for _ in range(6):  # the six 0-10 items
            page.get_by_role("radio", name="7", exact=True).check()
            page.get_by_role("button", name="Next").click()
        page.get_by_role("radio", name=re.compile("^Full training")).check()
        page.get_by_role("button", name="Next").click()
        page.get_by_role("radio", name="I have no buttock pain").check()
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_text("Question 9 of 9")).to_be_visible()
        page.get_by_role("radio", name="More than 30 minutes").check()
        fits_a_phone(page)
        shot(page, "questionnaire-last-question.png")
        page.get_by_role("button", name="Save").click()

        expect(page.get_by_role("heading", name="VISA-H saved")).to_be_visible()
        expect(page.locator(".q-score")).to_contain_text("79")  # 6 x 7 + 7 + 30
        expect(page.get_by_text("Sent to your physio's records")).to_be_visible()
        expect(page.get_by_text(DISCLAIMER)).to_be_visible()
        shot(page, "questionnaire-score.png")

        page.get_by_role("button", name="See it on Progress").click()
        chart = page.get_by_role("img", name=re.compile(r"Questionnaire scores.*VISA-H 79.100 on"))
        expect(chart).to_be_visible()
        chart.scroll_into_view_if_needed()
        shot(page, "questionnaire-on-progress.png")
        tab(page, "Today")
        expect(page.get_by_text("Your VISA-H is due")).to_have_count(0)
    stored = Measurement.objects.get(patient=patient, key="visa_h")
    assert (stored.value, stored.recorded_by_id) == (79, patient.user_id)
