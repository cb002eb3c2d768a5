"""A phone on a weak signal: the app opens at once with what the phone saved last time
while the server is still being asked, and the server's answer replaces it when it comes.
Start-up also stays light: the daily screens make no Intl formatter while they open (a
page's first one costs a phone's main thread tens of milliseconds)."""

import re

import pytest
from playwright.sync_api import Route, expect

from rehab import services
from rehab.models import CheckIn, Enrolment
from tests.e2e.physio_browser import chromium
from tests.e2e.test_patient_pwa import check_in, history, phone_page, shot, sign_in, tab
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

API = re.compile(r"/api/v1/")


def test_the_app_opens_from_the_saved_copy_while_the_server_is_slow(live_server, enrolled):
    patient = enrolled.patient
    enrolment = Enrolment.objects.get(patient=patient)
    history(enrolment)
    services.evaluate(enrolment_id=enrolment.pk, trigger="nightly")

    with chromium() as browser:
        phone = phone_page(browser)
        sign_in(phone, live_server.url, patient.user.email)  # saves Today on the phone
        tab(phone, "Progress")
        expect(phone.locator(".chart .uplot")).to_have_count(2)  # and Progress
        tab(phone, "Today")
        expect(phone.get_by_text("Daily check-in")).to_be_visible()

        # The signal drops to almost nothing: every API request hangs, unanswered.
        held: list[Route] = []
        signal = {"weak": True}
        phone.route(API, lambda route: held.append(route) if signal["weak"] else route.continue_())
        phone.reload()
        expect(phone.get_by_role("heading", level=1, name=re.compile("^Today"))).to_be_visible()
        expect(phone.get_by_role("heading", level=2, name="Isometric")).to_be_visible()
        expect(phone.get_by_text("Daily check-in")).to_be_visible()
        assert held, "the app asked the server too"
        shot(phone, "weak-signal-today-from-saved-copy.png")

        tab(phone, "Progress")
        expect(phone.get_by_role("heading", name="Ready for the next step?")).to_be_visible()
        expect(phone.locator(".chart .uplot")).to_have_count(2)
        expect(phone.locator(".notice")).to_have_count(0)  # not "offline": still asking
        tab(phone, "Today")

        # Meanwhile the patient checks in on another device.
        other = phone_page(browser)
        sign_in(other, live_server.url, patient.user.email)
        check_in(other, rest=1, morning=1)
        other.get_by_role("button", name="Save check-in").click()
        expect(other.get_by_role("heading", name="Check-in saved")).to_be_visible()

        # The signal comes back: the answers held so far arrive, and Today says it is done.
        signal["weak"] = False
        for route in held:
            route.continue_()
        expect(phone.get_by_text("Today's check-in is done")).to_be_visible()
        shot(phone, "weak-signal-today-updated.png")

    assert CheckIn.objects.filter(patient=patient, date=patient.local_today()).count() == 1


# Counts every Intl formatter the page makes (uPlot's own included).
COUNT_INTL = """
window.__intl = [];
const KINDS = ["NumberFormat", "DateTimeFormat", "PluralRules", "Collator", "RelativeTimeFormat"];
for (const name of KINDS) {
  Intl[name] = new Proxy(Intl[name], {
    construct(made, args) { window.__intl.push(name); return Reflect.construct(made, args); },
    apply(made, self, args) { window.__intl.push(name); return Reflect.apply(made, self, args); },
  });
}
"""


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_daily_screens_open_without_making_an_intl_formatter(live_server, enrolled, lang):
    patient = enrolled.patient
    patient.user.language = lang
    patient.user.save(update_fields=["language"])
    enrolment = Enrolment.objects.get(patient=patient)
    history(enrolment)
    services.evaluate(enrolment_id=enrolment.pk, trigger="nightly")
    heading = {"en": "^Today", "nl": "^Vandaag"}[lang]

    with chromium() as browser:
        page = phone_page(browser)
        page.goto(f"{live_server.url}/")
        page.get_by_label("Email").fill(patient.user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1, name=re.compile(heading))).to_be_visible()
        page.context.add_init_script(COUNT_INTL)
        for path in ["/", "/checkin", "/progress"]:
            page.goto(f"{live_server.url}{path}")
            expect(page.locator("main h1").first).to_be_visible()
            if path == "/":
                expect(
                    page.get_by_role("heading", level=1, name=re.compile(heading))
                ).to_be_visible()
            if path == "/progress":
                expect(page.locator(".chart .uplot")).to_have_count(2)  # axes labelled too
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__intl") == [], path


KV = """([key, value]) => new Promise((done, fail) => {
  const opened = indexedDB.open("rehab-tracker");
  opened.onerror = fail;
  opened.onsuccess = () => {
    const store = opened.result.transaction("kv", "readwrite").objectStore("kv");
    const asked = value === null ? store.get(key) : store.put(value, key);
    asked.onsuccess = () => done(asked.result ?? null);
    asked.onerror = fail;
  };
})"""


def test_a_copy_saved_for_one_patient_is_never_shown_to_the_next(live_server, enrolled):
    first, second = enrolled.patient, enrolled.other_patient

    with chromium() as browser:
        phone = phone_page(browser)
        sign_in(phone, live_server.url, first.user.email)
        expect(phone.get_by_role("heading", level=2, name="Isometric")).to_be_visible()
        copy = phone.evaluate(KV, ["get:today/", None])
        assert copy["owner"] == first.user.pk
        phone.get_by_role("link", name=re.compile("^Your account")).click()
        phone.get_by_role("button", name="Sign out").click()
        expect(phone.get_by_label("Email")).to_be_visible()

        # An answer for the first patient lands after the sign-out (it was on its way on a
        # weak signal), marked here so it would be seen if it were ever shown.
        copy["data"]["phases"][0]["phase"]["name"] = "First patient's phase"
        phone.evaluate(KV, ["get:today/", copy])

        # The next patient signs in while the server is slow to answer.
        held: list[Route] = []
        signal = {"weak": False}
        phone.route(API, lambda route: held.append(route) if signal["weak"] else route.continue_())
        phone.get_by_label("Email").fill(second.user.email)
        phone.get_by_label("Password").fill(PASSWORD)
        phone.get_by_role("button", name="Sign in").click()
        expect(phone.get_by_role("link", name=re.compile("^Your account"))).to_contain_text(
            second.name
        )
        signal["weak"] = True
        phone.reload()
        expect(phone.get_by_role("status").filter(has_text="Loading")).to_be_visible()
        expect(phone.get_by_text("First patient's phase")).to_have_count(0)
        assert held

        signal["weak"] = False
        for route in held:
            route.continue_()
        expect(phone.get_by_role("heading", level=2, name="Isometric")).to_be_visible()
        expect(phone.get_by_text("First patient's phase")).to_have_count(0)
