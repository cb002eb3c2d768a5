"""The patient app in Dutch, end to end in Chromium at a phone's size: the patient picks
Nederlands on the account screen (stored on their profile), checks in, and reads Today
and Progress in Dutch with Dutch dates. The first load stays under 60 kB of gzipped
JavaScript in Dutch too (its catalogue is a chunk of its own)."""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from rehab import services
from rehab.models import CheckIn, Enrolment
from tests.e2e.physio_browser import chromium
from tests.e2e.test_patient_pwa import fits_a_phone, history, phone_page, rate, shot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
DISCLAIMER = "Deze app ondersteunt je fysiotherapeut en stelt geen diagnose."
WEEKDAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def dutch_date(day: dt.date) -> str:
    """ "zo 29 nov": the weekday, day and month as Dutch writes them (Intl, nl-NL)."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def first_load_js_gzipped(page: Page, url: str) -> int:
    """Bytes of gzipped JavaScript a fresh visit to `url` loads (the .gz files WhiteNoise
    serves to phones), measured from what the browser asked for."""
    scripts: list[str] = []
    page.on(
        "request",
        lambda r: scripts.append(urlparse(r.url).path) if r.url.endswith(".js") else None,
    )
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name=re.compile("^Vandaag"))).to_be_visible()
    page.wait_for_load_state("networkidle")
    return sum((DIST / path.lstrip("/")).with_suffix(".js.gz").stat().st_size for path in scripts)


def test_a_patient_uses_the_app_in_dutch(live_server, enrolled):
    patient = enrolled.patient
    enrolment = Enrolment.objects.get(patient=patient)
    history(enrolment)
    services.evaluate(enrolment_id=enrolment.pk, trigger="nightly")
    today = patient.local_today()
    started = Enrolment.objects.get(pk=enrolment.pk).phase_started_on

    with chromium() as browser:
        page = phone_page(browser)
        sign_in(page, live_server.url, patient.user.email)  # English first: the phone's language

        page.get_by_role("link", name=re.compile("^Your account")).click()
        page.get_by_label("Language").select_option("nl")
        expect(page.get_by_role("heading", level=1, name="Je account")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        shot(page, "patient-nl-account.png")

        tabs = page.get_by_role("navigation", name="Schermen")
        tabs.get_by_role("link", name="Check-in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Check-in {dutch_date(today)}")
        rate(page, "Pijn in rust, nu", 2)
        rate(page, "Pijn of stijfheid toen je wakker werd", 4)
        expect(page.locator("#pain_morning-words")).to_have_text(re.compile("Oranje"))
        page.get_by_role("button", name="3 u +").click()
        fits_a_phone(page)
        shot(page, "patient-nl-checkin.png")
        page.get_by_role("button", name="Check-in bewaren").click()
        expect(page.get_by_role("heading", name="Check-in bewaard")).to_be_visible()
        expect(page.get_by_text("Verstuurd naar het dossier bij je fysiotherapeut")).to_be_visible()
        expect(page.get_by_text("180 min")).to_be_visible()

        tabs.get_by_role("link", name="Vandaag").click()
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text(f"Vandaag {dutch_date(today)}")
        expect(page.get_by_text("De check-in van vandaag is klaar.")).to_be_visible()
        expect(page.get_by_role("heading", name="Je oefeningen")).to_be_visible()
        expect(page.get_by_text(f"Sinds {dutch_date(started)} (dag 30)")).to_be_visible()
        # The protocol's own words come in Dutch too (protocols/definitions/*.nl.yaml).
        expect(page.get_by_role("heading", level=2, name="Isometrisch")).to_be_visible()
        expect(page.get_by_text("Knie buigen in buiklig, vasthouden").first).to_be_visible()
        expect(page.get_by_text("Prone knee-flexion hold")).to_have_count(0)
        expect(page.get_by_text(DISCLAIMER).first).to_be_visible()
        fits_a_phone(page)
        shot(page, "patient-nl-today.png")

        tabs.get_by_role("link", name="Voortgang").click()
        expect(page.get_by_role("heading", name="Klaar voor de volgende stap?")).to_be_visible()
        expect(page.get_by_role("heading", name="Pijn", exact=True)).to_be_visible()
        expect(page.get_by_text(re.compile(r"^\d+ van \d+ doelen gehaald$"))).to_be_visible()
        # The gate's checklist, written by the engine, is in Dutch too.
        checklist = page.locator(".checklist")
        days = re.compile(r"^Minstens \d+ dagen in deze fase\.?$")
        expect(checklist.locator("strong").filter(has_text=days)).to_have_count(1)
        expect(checklist).to_contain_text(re.compile(r"(Gehaald|Nog niet): "))
        expect(checklist).not_to_contain_text(re.compile(r"\b(days|the goal is)\b"))
        expect(
            page.get_by_text(re.compile(r"^Gecontroleerd op (ma|di|wo|do|vr|za|zo) "))
        ).to_be_visible()
        expect(page.locator(".chart .uplot")).to_have_count(2)
        # The charts describe themselves in Dutch, with Dutch dates (their axes are drawn).
        summary = page.locator(".chart").first.get_attribute("aria-label")
        assert re.search(r"op (ma|di|wo|do|vr|za|zo) \d+ (" + "|".join(MONTHS) + ")", summary), (
            summary
        )
        fits_a_phone(page)
        shot(page, "patient-nl-progress.png")

        # A new visit: the app opens in Dutch at once, and stays small.
        fresh = phone_page(browser)
        fresh.context.add_cookies(page.context.cookies())
        loaded = first_load_js_gzipped(fresh, f"{live_server.url}/")
        assert loaded <= 60 * 1024, f"{loaded} bytes of gzipped JavaScript on first load"

    patient.user.refresh_from_db()
    assert patient.user.language == "nl"  # on the profile: emails and the PDF follow it
    checkin = CheckIn.objects.get(patient=patient, date=today)
    assert (checkin.pain_rest, checkin.pain_morning, checkin.sitting_minutes) == (2, 4, 180)
