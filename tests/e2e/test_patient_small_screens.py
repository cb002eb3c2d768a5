"""The patient app on the narrowest phones, in Chromium: at 320 and 360 px, with the text
size at 100% and at 200% (the browser's own text setting, so rem sizes and media queries
follow it), every screen fits the width, every control is a 44 px target, and the header
keeps the messages envelope with its unread badge and the account link (with the name)
on screen. Sign-out is on the account screen."""

import re

import pytest
from playwright.sync_api import Page, expect

from conversations.models import Message
from tests.e2e.physio_browser import chromium
from tests.e2e.test_patient_pwa import SMALL_TARGETS, phone_page, shot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = {
    "today": ("/", re.compile("^Today")),
    "checkin": ("/checkin", re.compile("check-in", re.IGNORECASE)),
    "session": ("/session", re.compile("exercises", re.IGNORECASE)),
    "run": ("/run", re.compile("Run")),
    "progress": ("/progress", re.compile("progress", re.IGNORECASE)),
    "messages": ("/messages", "Messages"),
    "account": ("/account", "Your account"),
    "reminders": ("/reminders", re.compile("reminders", re.IGNORECASE)),
}

# Visible elements reaching past the phone's edge, outside the tab bar (which scrolls sideways
# on its own when its tabs cannot all fit); clipped overflow counts too.
PAST_THE_EDGE = """(width) => [...document.querySelectorAll("body *")]
  .filter((el) => !el.closest("nav.tabs, .sr-only") && el.getClientRects().length)
  .filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width && (r.right > width + 0.5 || r.left < -0.5);
  })
  .map((el) => el.outerHTML.slice(0, 80))"""


def text_size(page: Page, percent: int):
    """The browser's text size setting (16 px is 100%), as a phone's accessibility setting
    sets it. Chromium can drop it on a navigation, so it is set again after each one."""
    cdp = page.context.new_cdp_session(page)
    sizes = {"standard": 16 * percent // 100, "fixed": 13 * percent // 100}
    cdp.send("Page.setFontSizes", {"fontSizes": sizes})
    page.wait_for_function(
        f"getComputedStyle(document.documentElement).fontSize === '{sizes['standard']}px'"
    )


def check_screen(page: Page, width: int):
    # Against the phone's width: a mobile browser widens its layout to fit what spills over.
    assert page.evaluate(PAST_THE_EDGE, width) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(SMALL_TARGETS) == []
    header = page.locator("header.topbar")
    for link in (
        header.locator(".messages-link"),
        header.get_by_role("link", name=re.compile("^Your account")),
    ):
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    # The name is whole, not cut to a letter or two.
    assert page.evaluate(
        "(() => { const n = document.querySelector('.who-name');"
        " return n.scrollWidth <= n.clientWidth; })()"
    )


@pytest.mark.parametrize("percent", [100, 200])
@pytest.mark.parametrize("width", [320, 360])
def test_every_patient_screen_fits_a_narrow_phone(live_server, enrolled, width, percent):
    patient = enrolled.patient
    Message.objects.create(
        patient=patient, author=enrolled.physio, text="How did the bridges feel?"
    )

    with chromium() as browser:
        page = phone_page(browser, size={"width": width, "height": 640})
        sign_in(page, live_server.url, patient.user.email)
        expect(page.locator(".messages-link .conv-badge")).to_have_text("1")
        expect(page.get_by_role("link", name="Messages, 1 unread")).to_be_visible()
        for name, (path, heading) in SCREENS.items():
            page.goto(f"{live_server.url}{path}")
            text_size(page, percent)
            expect(page.get_by_role("heading", level=1, name=heading).first).to_be_visible()
            page.wait_for_load_state("networkidle")
            check_screen(page, width)
            if (width, percent) in {(320, 200), (360, 100)}:
                shot(page, f"small-{width}-{percent}-{name}.png")

        # Sign-out moved from the header to the account screen.
        page.get_by_role("link", name=re.compile("^Your account")).click()
        expect(page.get_by_role("heading", level=1, name="Your account")).to_be_visible()
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_label("Email")).to_be_visible()
