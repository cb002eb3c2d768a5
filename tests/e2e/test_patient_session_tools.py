"""The session screen's tools in Chromium at a phone viewport: the hold and rest timer
(driven by the page's clock, including a jump as when the screen locks) and each
exercise's drawing, still shown offline."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from rehab.models import ExerciseSession
from tests.e2e.physio_browser import chromium
from tests.e2e.test_patient_pwa import (
    DISCLAIMER,
    SMALL_TARGETS,
    phone_page,
    rate,
    shot,
    sign_in,
    tab,
)

pytestmark = pytest.mark.django_db(transaction=True)


def fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert (
        page.evaluate(
            SMALL_TARGETS.replace(
                "document.querySelectorAll(", "document.querySelector('main').querySelectorAll("
            )
        )
        == []
    )


def test_a_patient_follows_a_timed_hold_with_the_timer_and_logs_it(live_server, enrolled):
    patient = enrolled.patient
    with chromium() as browser:
        page = phone_page(browser)
        page.clock.install(time=dt.datetime.now())
        sign_in(page, live_server.url, patient.user.email)
        tab(page, "Exercises")
        row = page.locator("li.tick").filter(has_text="Bridge hold")
        row.get_by_role("button", name="Start the hold timer").click()
        status = row.get_by_role("status")
        expect(status).to_contain_text("5 × 30 s hold, 120 s rest")
        row.get_by_role("button", name="Start").click()
        expect(status).to_have_text("Get ready")

        page.clock.run_for(5_000)
        expect(status).to_have_text("Hold, set 1 of 5")
        page.clock.run_for(12_000)
        expect(row.locator(".timer-count")).to_have_text(re.compile(r"^1[89] s$"))
        fits_a_phone(page)
        row.scroll_into_view_if_needed()
        shot(page, "timer-hold.png")

        page.clock.run_for(18_000)
        expect(status).to_have_text("Rest, set 2 of 5")
        # The screen locks: no timer fires for 2 minutes, then the page wakes.
        page.clock.fast_forward("02:00")
        expect(status).to_have_text("Hold, set 2 of 5")
        row.get_by_role("button", name="Pause").click()
        page.clock.fast_forward("05:00")  # paused time does not count
        expect(status).to_have_text("Hold, set 2 of 5")
        row.get_by_role("button", name="Resume").click()
        page.clock.fast_forward(30_000 + 3 * 150_000)
        expect(status).to_have_text("Done: 5 sets of 30 seconds.")
        shot(page, "timer-done.png")
        expect(row.get_by_role("checkbox")).to_be_checked()  # the exercise is ticked for the log

        rate(page, "Worst pain during the exercises", 2)
        rate(page, "Pain after the exercises", 1)
        page.get_by_role("button", name="Save session").click()
        expect(page.get_by_role("heading", name="Session saved")).to_be_visible()
        expect(page.get_by_text(DISCLAIMER)).to_be_visible()
        expect(page.get_by_text("Sent to your physio's records")).to_be_visible()
    done = ExerciseSession.objects.get(patient=patient).exercises
    assert {"exercise": "bridge_hold", "sets": 5, "hold_s": 30} in done


STAGE_1 = {"bridge_hold", "prone_knee_flexion_hold", "straight_leg_heel_pull_down_hold"}
DRAWN = """() => [...document.querySelectorAll("main .media img")]
  .map((img) => img.complete && img.naturalWidth > 0 ? img.getAttribute("src") : null)"""
CACHED = """async () => (await (await caches.open("exercise-media")).keys())
  .map((r) => new URL(r.url).pathname).sort()"""


def test_the_session_shows_each_drawing_and_keeps_the_current_phase_s_offline(
    live_server, enrolled
):
    patient = enrolled.patient
    with chromium() as browser:
        page = phone_page(browser, service_workers="allow")
        sign_in(page, live_server.url, patient.user.email)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        expected = sorted(f"/exercises/{key}.svg" for key in STAGE_1)
        page.wait_for_function(f"async () => ({CACHED})().then((k) => k.length === {len(STAGE_1)})")
        assert page.evaluate(CACHED) == expected  # this phase's drawings only, not all 32

        tab(page, "Exercises")
        expect(
            page.get_by_role("img", name="Drawing: Bridge hold (double leg, then single leg)")
        ).to_be_visible()
        page.wait_for_function(f"() => ({DRAWN})().every(Boolean)")
        assert sorted(page.evaluate(DRAWN)) == expected
        fits_a_phone(page)
        shot(page, "session-media.png")

        page.context.set_offline(True)
        page.reload()  # offline: the shell from the precache, the drawings from their cache
        expect(page.get_by_role("heading", level=1, name="Exercises")).to_be_visible()
        expect(page.locator(".offline-pill")).to_be_visible()
        page.wait_for_function(
            f"() => ({DRAWN})().length === {len(STAGE_1)} && ({DRAWN})().every(Boolean)"
        )
        shot(page, "session-media-offline.png")
