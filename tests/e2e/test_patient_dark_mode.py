"""Dark mode follows the phone (prefers-color-scheme: dark): Today and the check-in are
drawn light on dark, and every visible line of text stays readable against what is
behind it (WCAG contrast: 4.5:1, or 3:1 for large text)."""

import pytest
from playwright.sync_api import Page, expect

from rehab import services
from rehab.models import Enrolment
from tests.e2e.physio_browser import chromium
from tests.e2e.test_patient_pwa import PHONE, history, rate, shot, sign_in, tab
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# Each visible text element's colour against the first opaque background behind it.
LOW_CONTRAST = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const behind = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return rgb(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (!el.getClientRects().length || el.closest(".sr-only, svg, .uplot")) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || Number(style.opacity) < 0.5) continue;
    const a = lum(rgb(style.color)), b = lum(behind(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const text = el.textContent.trim().slice(0, 40);
    if (ratio < need) out.push(`${ratio.toFixed(2)} ${el.tagName} ${text}`);
  }
  return out;
}"""

PAGE_LUMINANCE = """() => {
  const page = getComputedStyle(document.documentElement).backgroundColor;
  const [r, g, b] = page.match(/\\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}"""


def dark_phone(browser) -> Page:
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        service_workers="block",
        timezone_id="Europe/London",
        color_scheme="dark",
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def test_today_and_the_check_in_are_dark_and_readable(live_server, enrolled):
    patient = enrolled.patient
    enrolment = Enrolment.objects.get(patient=patient)
    history(enrolment)
    services.evaluate(enrolment_id=enrolment.pk, trigger="nightly")

    with chromium() as browser:
        page = dark_phone(browser)
        page.goto(f"{live_server.url}/")
        assert page.evaluate(PAGE_LUMINANCE) < 0.15  # the sign-in too
        assert page.evaluate(LOW_CONTRAST) == []
        sign_in(page, live_server.url, patient.user.email)
        expect(page.get_by_role("heading", name="Your exercises")).to_be_visible()
        assert page.evaluate(PAGE_LUMINANCE) < 0.15
        card = page.locator(".card").last.evaluate("(el) => getComputedStyle(el).backgroundColor")
        assert card != "rgb(255, 255, 255)"
        assert page.evaluate(LOW_CONTRAST) == []
        shot(page, "patient-dark-today.png")

        tab(page, "Check-in")
        rate(page, "Pain at rest right now", 2)
        rate(page, "Pain or stiffness when you woke up", 5)
        page.locator(".flag").first.click()  # a ticked red flag shows its warning colours
        expect(page.get_by_role("alert")).to_be_visible()
        assert page.evaluate(PAGE_LUMINANCE) < 0.15
        assert page.evaluate(LOW_CONTRAST) == []
        shot(page, "patient-dark-checkin.png")

        tab(page, "Progress")
        expect(page.locator(".chart .uplot")).to_have_count(2)
        assert page.evaluate(LOW_CONTRAST) == []
        shot(page, "patient-dark-progress.png")


def test_the_physio_dashboard_stays_light_on_a_dark_phone(live_server, enrolled):
    with chromium() as browser:
        page = dark_phone(browser)
        page.goto(f"{live_server.url}/")
        page.get_by_label("Email").fill(enrolled.physio.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator(".physio")).to_be_visible()
        assert page.evaluate(PAGE_LUMINANCE) > 0.85
        assert page.evaluate(LOW_CONTRAST) == []
