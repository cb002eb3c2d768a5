"""The Content-Security-Policy and Permissions-Policy in Chromium: the patient app, the
physio dashboard, the API docs and the admin all render and the browser reports no
violation (no refused script, style, image, connection or worker, no page error, no
unknown Permissions-Policy feature)."""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from patients.models import User
from rehab import services
from rehab.models import Enrolment
from tests.e2e.physio_browser import SCREENSHOTS, chromium, new_page, screenshot
from tests.e2e.test_patient_pwa import history, phone_page, shot, tab
from tests.e2e.test_patient_pwa import sign_in as patient_sign_in
from tests.e2e.test_physio_dashboard import sign_in as physio_sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# Collected by a script the browser runs before the page's own (outside the page's CSP).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} refused ${e.blockedURI || "inline"}`));
"""
REPORTED = re.compile(r"Content Security Policy|Refused to|Permissions-Policy|Permissions policy")


class Watch:
    """Console messages about the policies, uncaught page errors and violation events."""

    def __init__(self, page: Page):
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _console(self, message):
        if REPORTED.search(message.text):
            self.problems.append(f"console {message.type}: {message.text}")

    def assert_clean(self):
        self.page.wait_for_timeout(300)  # let late reports arrive
        events = self.page.evaluate("window.__violations || []")
        assert self.problems + events == []


def test_the_patient_app_runs_under_the_policies(live_server, enrolled):
    enrolment = Enrolment.objects.get(patient=enrolled.patient)
    history(enrolment)
    services.evaluate(enrolment_id=enrolment.pk, trigger="nightly")

    with chromium() as browser:
        page = phone_page(browser, service_workers="allow")
        watch = Watch(page)
        patient_sign_in(page, live_server.url, enrolled.patient.user.email)
        # The service worker registers from the bundle (no inline script) and takes over.
        # (A function, not an expression: Playwright evals an expression in the page, which
        # the policy refuses.)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
        tab(page, "Progress")
        expect(page.locator(".chart .uplot")).to_have_count(2)  # uPlot's canvas and styles
        shot(page, "csp-patient-progress.png")
        tab(page, "Check-in")
        expect(page.get_by_role("group", name="Pain at rest right now")).to_be_visible()
        watch.assert_clean()

        pages = [
            ("/forgot", "Reset your password"),
            (f"/invite/{uuid.uuid4()}", "Welcome"),
            (f"/reset/MQ/{uuid.uuid4()}", "Choose a new password"),
        ]
        for path, heading in pages:
            other = phone_page(browser)
            other_watch = Watch(other)
            other.goto(f"{live_server.url}{path}")
            expect(other.get_by_role("heading", name=heading)).to_be_visible()
            other_watch.assert_clean()


def test_the_physio_dashboard_runs_under_the_policies(live_server, enrolled):
    enrolment = Enrolment.objects.get(patient=enrolled.patient)
    history(enrolment)
    services.evaluate(enrolment_id=enrolment.pk, trigger="nightly")

    with chromium() as browser:
        page = new_page(browser)
        watch = Watch(page)
        physio_sign_in(page, live_server.url)
        expect(page.locator("tr.ph-row")).to_have_count(1)
        page.locator("tr.ph-row").first.get_by_role("link", name="Robin Runner").click()
        expect(page).to_have_url(re.compile(r"/physio/patients/\d+$"))
        expect(page.locator(".ph-chart .uplot").first).to_be_visible()
        screenshot(page, "csp-physio-patient.png")
        watch.assert_clean()

        # The report as a web page: its inline style block runs under the nonce.
        with page.context.expect_page() as opened:
            page.get_by_role("link", name="Report as a web page").click()
        report = opened.value
        report_watch = Watch(report)
        expect(report.get_by_role("heading", level=1)).to_contain_text("Progress report")
        rule = report.evaluate("getComputedStyle(document.querySelector('h2')).borderBottomStyle")
        assert rule == "solid"
        screenshot(report, "csp-report-page.png")
        report_watch.assert_clean()


def test_the_api_docs_page_runs_under_the_policies(live_server):
    with chromium() as browser:
        page = new_page(browser)
        watch = Watch(page)
        page.goto(f"{live_server.url}/api/docs/")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text(
            "Hamstring rehab tracker API"
        )
        expect(page.locator(".opblock").first).to_be_visible()  # the schema was fetched
        # The inline style block ran under its nonce: the page background is #fafafa.
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(250, 250, 250)"
        page.screenshot(path=str(SCREENSHOTS / "csp-api-docs.png"))  # the first screen
        watch.assert_clean()


def test_the_admin_runs_under_the_policies(live_server, enrolled):
    User.objects.create_superuser("root@rehab.test", PASSWORD)
    patient = enrolled.patient

    with chromium() as browser:
        page = new_page(browser)
        watch = Watch(page)
        page.goto(f"{live_server.url}/admin/login/")
        page.get_by_label("Email").fill("root@rehab.test")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("link", name=re.compile("Patients"))).to_be_visible()
        page.goto(f"{live_server.url}/admin/patients/patient/")
        expect(page.locator("#result_list")).to_be_visible()
        page.goto(f"{live_server.url}/admin/patients/patient/{patient.pk}/change/")
        expect(page.locator("#patient_form")).to_be_visible()
        screenshot(page, "csp-admin-change.png")
        page.goto(f"{live_server.url}/admin/patients/patient/{patient.pk}/history/")
        expect(page.locator("#content")).to_be_visible()
        watch.assert_clean()
