"""The patient PWA in Chromium at a phone viewport: sign in, check in, log a session, see
progress; offline writes wait on the phone and sync once; the app is installable; a red
flag tells the patient to seek care and alerts the physio."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from rehab import services
from rehab.models import Alert, CheckIn, Enrolment, ExerciseSession, Run
from tests.e2e.physio_browser import ARGS, CHROMIUM, chromium, screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 640}
DISCLAIMER = "This app supports your clinician and does not diagnose."


def phone_page(browser, *, service_workers="block", size=PHONE) -> Page:
    context = browser.new_context(
        viewport=size,
        is_mobile=True,
        has_touch=True,
        service_workers=service_workers,
        timezone_id="Europe/London",  # the cast's patients live there: "today" agrees
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def history(enrolment, days=14):
    """Two weeks of comfortable logs before today, so Progress has lines and a gate."""
    patient = enrolment.patient
    for n in range(days, 0, -1):
        date = patient.local_today() - dt.timedelta(days=n)
        CheckIn.objects.create(
            patient=patient,
            date=date,
            pain_rest=1 + n % 2,
            pain_morning=2 + n % 3,
            sitting_minutes=20 + (days - n) * 2,
            load_test_pain=3,
        )
        ExerciseSession.objects.create(
            patient=patient, enrolment=enrolment, date=date, pain_during=3 + n % 2, pain_after=2
        )


def sign_in(page: Page, base_url: str, email: str):
    page.goto(f"{base_url}/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("^Today"))).to_be_visible()


def tab(page: Page, name: str):
    page.get_by_role("navigation", name="Screens").get_by_role("link", name=name).click()


def rate(page: Page, legend: str, value: int):
    page.get_by_role("group", name=legend).get_by_role("radio", name=str(value), exact=True).check()


def check_in(page: Page, *, rest=1, morning=2, flags=()):
    tab(page, "Check-in")
    rate(page, "Pain at rest right now", rest)
    rate(page, "Pain or stiffness when you woke up", morning)
    page.get_by_role("button", name="30 min").click()
    for question in flags:
        page.get_by_role("checkbox", name=re.compile(question, re.IGNORECASE)).check()


def log_session(page: Page, *, during=2, after=1):
    tab(page, "Exercises")
    page.locator(".tick-label").first.click()
    rate(page, "Worst pain during the exercises", during)
    rate(page, "Pain after the exercises", after)
    fits_a_phone(page)
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("heading", name="Session saved")).to_be_visible()
    expect(page.get_by_text(DISCLAIMER)).to_be_visible()  # on every advice screen


def shot(page: Page, name: str):
    """A screenshot of the whole screen as a phone this tall would show it (a full-page
    capture would leave the fixed tab bar where the first viewport ended)."""
    size = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    screenshot(page, name)
    page.set_viewport_size(size)


SMALL_TARGETS = """() => [
  ...document.querySelectorAll("a, button, input, select, textarea, summary")]
  .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
  .map((el) => el.closest("label") ?? el)
  .filter((el) => { const r = el.getBoundingClientRect(); return r.width < 44 || r.height < 44; })
  .map((el) => el.outerHTML.slice(0, 80))"""


def fits_a_phone(page: Page):
    """Nothing scrolls sideways and every control is a tap target of at least 44x44 px."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate(SMALL_TARGETS) == []


def test_a_patient_checks_in_and_logs_a_session_on_a_phone(live_server, enrolled):
    patient = enrolled.patient
    history(Enrolment.objects.get(patient=patient))
    services.evaluate(enrolment_id=Enrolment.objects.get(patient=patient).pk, trigger="nightly")
    email = patient.user.email

    with chromium() as browser:
        page = phone_page(browser)
        page.goto(f"{live_server.url}/")
        shot(page, "patient-signin.png")
        sign_in(page, live_server.url, email)
        expect(page.get_by_role("heading", level=2, name="Isometric")).to_be_visible()
        expect(page.get_by_text(DISCLAIMER)).to_be_visible()
        fits_a_phone(page)
        shot(page, "patient-today.png")

        check_in(page, rest=2, morning=4)
        words = page.locator("#pain_morning-words")
        expect(words).to_have_text(re.compile("Amber"))
        expect(page.locator(".scale-n.on.z-amber")).to_have_count(1)
        expect(page.get_by_text(DISCLAIMER)).to_be_visible()
        fits_a_phone(page)
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        last = page.locator("main > form > .disclaimer").bounding_box()
        tabs = page.locator("nav.tabs").bounding_box()
        assert last["y"] + last["height"] <= tabs["y"]  # the tab bar hides nothing
        shot(page, "patient-checkin.png")
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_role("heading", name="Check-in saved")).to_be_visible()
        expect(page.get_by_text("Sent to your physio's records")).to_be_visible()
        expect(page.get_by_text(DISCLAIMER)).to_be_visible()

        log_session(page, during=2, after=1)
        expect(page.get_by_text("Sent to your physio's records")).to_be_visible()
        page.get_by_role("button", name="Back to today").click()
        expect(page.get_by_text("Today's check-in is done")).to_be_visible()

        tab(page, "Progress")
        expect(page.get_by_role("heading", name="Ready for the next step?")).to_be_visible()
        expect(page.locator(".chart .uplot")).to_have_count(2)
        expect(page.locator(".checklist li.unmet").first).to_contain_text("Not yet")
        expect(page.get_by_text(DISCLAIMER)).to_be_visible()
        fits_a_phone(page)
        shot(page, "patient-progress.png")

        desktop = phone_page(browser, size={"width": 1280, "height": 900})
        sign_in(desktop, live_server.url, email)
        shot(desktop, "patient-today-desktop.png")

    today = patient.local_today()
    checkin = CheckIn.objects.get(patient=patient, date=today)
    assert (checkin.pain_rest, checkin.pain_morning, checkin.sitting_minutes) == (2, 4, 30)
    session = ExerciseSession.objects.get(patient=patient, date=today)
    assert (session.pain_during, session.pain_after) == (2, 1)
    assert session.exercises[0]["exercise"] == "bridge_hold"


def test_offline_writes_wait_on_the_phone_and_sync_exactly_once(live_server, enrolled):
    patient = enrolled.patient
    email = patient.user.email

    with chromium() as browser:
        page = phone_page(browser, service_workers="allow", size={"width": 390, "height": 844})
        context = page.context
        sign_in(page, live_server.url, email)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")

        context.set_offline(True)
        expect(page.locator(".offline-pill")).to_have_text("Offline")
        check_in(page)
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_role("heading", name="Check-in saved")).to_be_visible()
        expect(page.locator("main .card .state.pending")).to_contain_text(
            "Saved on this phone, not yet sent"
        )
        log_session(page)
        expect(page.locator(".outbox")).to_contain_text(
            "2 entries saved on this phone, not yet sent"
        )
        shot(page, "patient-offline-pending.png")

        page.reload()  # offline: the service worker serves the shell; IndexedDB keeps the outbox
        expect(page.get_by_role("heading", level=1, name="Exercises")).to_be_visible()
        expect(page.locator(".outbox")).to_contain_text("2 entries saved on this phone")

        context.set_offline(False)
        expect(page.locator(".outbox")).to_have_count(0)
        expect(page.get_by_text("You logged 1 session today")).to_be_visible()
        tab(page, "Today")
        expect(page.get_by_text("Today's check-in is done")).to_be_visible()
        page.evaluate("window.dispatchEvent(new Event('online'))")  # a second replay: no-op
        tab(page, "Check-in")
        expect(page.get_by_text("Sent to your physio's records")).to_be_visible()

        context.set_offline(True)
        page.reload()
        expect(page.get_by_role("heading", level=1, name="Check-in saved")).to_be_visible()
        expect(page.locator(".offline-pill")).to_be_visible()
        expect(page.get_by_role("navigation", name="Screens")).to_be_visible()

    assert CheckIn.objects.filter(patient=patient).count() == 1
    assert ExerciseSession.objects.filter(patient=patient).count() == 1


def test_the_app_is_installable(live_server, tmp_path):
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path), executable_path=CHROMIUM, headless=True, args=ARGS
        )
        try:
            page = context.new_page()
            page.goto(f"{live_server.url}/")
            page.wait_for_function(
                "() => navigator.serviceWorker.controller !== null", timeout=15_000
            )
            cdp = context.new_cdp_session(page)
            errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
            manifest = cdp.send("Page.getAppManifest")
        finally:
            context.close()
    assert errors == []
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert not manifest.get("errors")


def test_a_red_flag_answer_says_seek_care_now_and_that_the_physio_was_alerted(
    live_server, enrolled
):
    patient = enrolled.patient
    email = patient.user.email

    with chromium() as browser:
        page = phone_page(browser)
        sign_in(page, live_server.url, email)
        check_in(page, flags=["numbness around your bottom"])
        expect(page.get_by_role("alert")).to_contain_text("your physio will be alerted")
        page.get_by_role("button", name="Save check-in").click()
        advice = page.locator(".redflag")
        expect(advice.get_by_role("heading", name="Seek care now")).to_be_visible()
        expect(advice).to_contain_text("emergency department")
        expect(advice).to_contain_text("Your physio was alerted.")
        expect(advice).to_contain_text(DISCLAIMER)
        fits_a_phone(page)
        shot(page, "patient-red-flag.png")

    alert = Alert.objects.get(patient=patient, kind=Alert.Kind.RED_FLAG)
    assert (alert.key, alert.severity, alert.assigned_to) == ("neuro", "urgent", enrolled.physio)


def test_a_new_patient_accepts_the_invite_and_signs_in(live_server, enrolled):
    from patients.services import issue_invite

    patient = enrolled.patient
    patient.user.set_unusable_password()  # a newcomer: never signed in
    patient.user.save()
    token = issue_invite(patient=patient, created_by=enrolled.physio)
    new_password = "kestrel-meadow-lantern-42"

    with chromium() as browser:
        page = phone_page(browser)
        page.goto(f"{live_server.url}/invite/{token}")
        expect(page.get_by_role("heading", name="Welcome")).to_be_visible()
        page.get_by_label("New password").fill(new_password)
        page.get_by_label("The same password again").fill(new_password[:-1])
        page.get_by_role("button", name="Set my password").click()
        expect(page.get_by_role("alert")).to_have_text("The two passwords are not the same.")
        fits_a_phone(page)
        shot(page, "patient-invite.png")
        page.get_by_label("The same password again").fill(new_password)
        page.get_by_role("button", name="Set my password").click()
        expect(page.get_by_role("status")).to_contain_text("Your password is set")
        page.get_by_label("Email").fill(patient.user.email)
        page.get_by_label("Password").fill(new_password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1, name=re.compile("^Today"))).to_be_visible()
        expect(page).to_have_url(f"{live_server.url}/")

    assert patient.invites.get().accepted_at is not None


def test_a_patient_logs_a_run_at_the_current_level_with_its_intervals_shown(
    live_server, enrolled, shipped
):
    from rehab.enrolments import enrol

    patient = enrolled.patient
    enrol(
        patient=patient,
        version=shipped["return-to-run"],
        side="left",
        start_date=patient.local_today() - dt.timedelta(days=3),
        created_by=enrolled.physio,
        entry_confirmed=True,
    )

    with chromium() as browser:
        page = phone_page(browser)
        sign_in(page, live_server.url, patient.user.email)
        page.get_by_role("link", name="Log a run at level 1").click()
        expect(page.get_by_role("heading", level=3, name=re.compile("^Level 1: "))).to_be_visible()
        expect(page.locator(".runplan .strip .run").first).to_be_visible()
        rate(page, "Worst pain during the run", 2)
        rate(page, "Pain after the run", 1)
        page.get_by_role("group", name="Did you limp").get_by_label("No").check()
        fits_a_phone(page)
        shot(page, "patient-run.png")
        page.get_by_role("button", name="Save run").click()
        expect(page.get_by_role("heading", name="Run saved")).to_be_visible()
        expect(page.get_by_text(DISCLAIMER)).to_be_visible()
        expect(page.get_by_text("Sent to your physio's records")).to_be_visible()

    run = Run.objects.get(patient=patient)
    assert (run.level, run.pain_during, run.pain_after, run.limp) == (1, 2, 1, False)
