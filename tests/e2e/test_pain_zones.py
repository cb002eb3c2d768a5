"""A clinic copy with other pain zones (green 0-2, amber 3-4, red 5-10) colours pain by
them on the phone and in the dashboard; a patient on the shipped zones keeps 0-3/4-5/6-10.
(tests/test_pain_zones.py checks the API, the gate's words and the report.)"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from rehab.enrolments import enrol
from rehab.models import CheckIn
from tests.e2e.physio_browser import chromium, new_page, screenshot
from tests.e2e.test_patient_pwa import phone_page, sign_in, tab
from tests.factories import PASSWORD
from tests.test_pain_zones import zoned_copy

pytestmark = pytest.mark.django_db(transaction=True)


def scale_colours(page, legend: str) -> list[str]:
    labels = page.get_by_role("group", name=legend).locator("label.scale-n")
    expect(labels).to_have_count(11)
    return [re.search(r"z-(\w+)", labels.nth(n).get_attribute("class")).group(1) for n in range(11)]


def test_a_clinic_copys_zones_colour_pain_on_the_phone_and_in_the_dashboard(
    live_server, cast, shipped
):
    start = cast.patient.local_today() - dt.timedelta(days=10)
    on_copy = enrol(
        patient=cast.patient,
        version=zoned_copy(shipped, cast),
        side="left",
        start_date=start,
        created_by=cast.physio,
    )
    enrol(
        patient=cast.other_patient,
        version=shipped["pht-loading"],
        side="left",
        start_date=start,
        created_by=cast.colleague,
    )
    yesterday = cast.patient.local_today() - dt.timedelta(days=1)
    for patient in (on_copy.patient, cast.other_patient):
        CheckIn.objects.create(patient=patient, date=yesterday, pain_rest=3, pain_morning=1)

    with chromium() as browser:
        phone = phone_page(browser)
        sign_in(phone, live_server.url, cast.patient.user.email)
        tab(phone, "Check-in")
        colours = scale_colours(phone, "Pain at rest right now")
        assert colours == ["green"] * 3 + ["amber"] * 2 + ["red"] * 6
        phone.get_by_role("group", name="Pain at rest right now").get_by_role(
            "radio", name="3", exact=True
        ).check()
        expect(phone.locator("#pain_rest-words")).to_have_class(re.compile(r"\bz-amber\b"))
        screenshot(phone, "pain-zones-phone-check-in.png")

        desk = new_page(browser)
        desk.goto(f"{live_server.url}/")
        desk.get_by_label("Email").fill(cast.physio.email)
        desk.get_by_label("Password").fill(PASSWORD)
        desk.get_by_role("button", name="Sign in").click()
        expect(desk.get_by_role("heading", name="Caseload")).to_be_visible()
        desk.goto(f"{live_server.url}/physio?mine=0")  # the whole clinic: Casey is a colleague's
        expect(desk.locator("svg.ph-spark")).to_have_count(2)
        screenshot(desk, "pain-zones-caseload.png")
        # Yesterday's worst pain, 3, is the last dot of each sparkline.
        robin = desk.get_by_role("row").filter(has_text="Robin Runner").locator("circle").last
        casey = desk.get_by_role("row").filter(has_text="Casey Cyclist").locator("circle").last
        expect(robin).to_have_class("ph-dot-amber")
        expect(casey).to_have_class("ph-dot-green")
