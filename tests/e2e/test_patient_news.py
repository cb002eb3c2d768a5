"""Today tells the news, in Chromium at a phone viewport: the first-run introduction, a
move-up card with the physio's note after an approval (dismissed once read, for good, on
every device, and offline too), and the glossary reached from a linked term and from the
account screen."""

import re

import pytest
from playwright.sync_api import expect

from rehab import services
from rehab.models import Enrolment, NewsDismissal, PhaseTransition
from rehab.reviews import approve
from tests.e2e.physio_browser import chromium
from tests.e2e.test_patient_pwa import fits_a_phone, phone_page, shot, sign_in, tab
from tests.rehab.test_gate_scenarios import daily_logs

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Great work, Robin: on to the slow strength exercises."


def test_a_move_up_card_with_the_physios_note_after_an_approval(live_server, enrolled):
    patient = enrolled.patient
    enrolment = Enrolment.objects.get(patient=patient)
    daily_logs(enrolment, days=20)
    services.evaluate(enrolment_id=enrolment.pk, trigger="nightly")
    pending = PhaseTransition.objects.get(enrolment=enrolment, status="pending")
    approve(transition_id=pending.pk, user=enrolled.physio, note=NOTE)

    with chromium() as browser:
        page = phone_page(browser)
        sign_in(page, live_server.url, patient.user.email)

        # First run: a short introduction, skippable, above Today.
        intro = page.locator(".intro")
        expect(intro).to_contain_text("Your rehab, one day at a time")
        expect(intro).to_contain_text("1 of 3")
        intro.get_by_role("button", name="Next").click()
        expect(intro).to_contain_text("You move on when your goals are met")
        fits_a_phone(page)
        shot(page, "patient-intro.png")
        intro.get_by_role("button", name="Skip").click()
        expect(intro).to_have_count(0)

        card = page.locator(".news-card.moved_up")
        expect(card.get_by_role("heading")).to_have_text(
            "You moved up to Isotonic, little hip flexion"
        )
        expect(card).to_contain_text(NOTE)
        expect(card).to_contain_text("From Isometric")
        # What unlocks next: the new phase's goals, still to come.
        upcoming = page.locator(".news-card.next")
        expect(upcoming.get_by_role("heading")).to_have_text("Next step: Isotonic into hip flexion")
        expect(upcoming).to_contain_text(re.compile(r"\d+ of \d+ goals met"))
        fits_a_phone(page)
        shot(page, "patient-news-moved-up.png")

        card.get_by_role("button", name=re.compile("^Got it")).click()
        expect(page.locator(".news-card.moved_up")).to_have_count(0)
        page.reload()  # read once, gone for good, and the introduction stays away
        expect(page.get_by_role("heading", level=1, name=re.compile("^Today"))).to_be_visible()
        expect(page.locator(".news-card.next")).to_be_visible()
        expect(page.locator(".news-card.moved_up")).to_have_count(0)
        expect(page.locator(".intro")).to_have_count(0)

        # A linked term opens its explanation in the glossary.
        page.locator(".news-card.next .term-links a").first.click()
        expect(page.get_by_role("heading", level=1, name="Words explained")).to_be_visible()
        expect(page.locator("dt:focus")).to_have_count(1)  # the term's explanation
        tab(page, "Today")
        page.get_by_role("link", name=re.compile("^Your account")).click()
        page.get_by_role("link", name="Words explained").click()
        glossary = page.locator("dl.glossary")
        for word in ("Energy storage", "15RM", "Isometric", "Load test", "Flare-up", "LSI"):
            expect(glossary).to_contain_text(word)
        fits_a_phone(page)
        shot(page, "patient-glossary.png")

        # A second device (fresh storage): the card read on the first is not there either.
        tablet = phone_page(browser)
        sign_in(tablet, live_server.url, patient.user.email)
        tablet.get_by_role("button", name="Skip").click()
        expect(tablet.locator(".news-card.next")).to_be_visible()
        expect(tablet.locator(".news-card.moved_up")).to_have_count(0)
        # Read offline: hidden at once, sent when the connection returns.
        tablet.context.set_offline(True)
        tablet.locator(".news-card.next").get_by_role("button", name=re.compile("^Got it")).click()
        expect(tablet.locator(".news-card")).to_have_count(0)
        expect(tablet.locator(".outbox")).to_contain_text("News card read")
        fits_a_phone(tablet)
        shot(tablet, "patient-news-read-offline.png")
        tablet.context.set_offline(False)
        tablet.evaluate("window.dispatchEvent(new Event('online'))")
        expect(tablet.locator(".outbox")).to_have_count(0)
        tablet.reload()
        expect(tablet.get_by_role("heading", level=1, name=re.compile("^Today"))).to_be_visible()
        expect(tablet.locator(".news-card")).to_have_count(0)
        shot(tablet, "patient-news-read-elsewhere.png")
        tablet.context.close()
        tab(page, "Today")
        page.reload()  # the first device hears of the reading on the second
        expect(page.get_by_role("heading", level=1, name=re.compile("^Today"))).to_be_visible()
        expect(page.locator(".news-card")).to_have_count(0)

    cards = sorted(NewsDismissal.objects.filter(patient=patient).values_list("card", flat=True))
    assert cards[0].startswith(f"next:{enrolment.pk}:") and cards[1:] == [
        f"transition:{pending.pk}"
    ]
