"""My history in Chromium at a phone viewport: the weekly goal worded to encourage, a
check-in corrected within 24 hours and another deleted, and the physio's dashboard showing
the correction and the deletion; deleting today's check-in puts it back on Today."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from rehab.models import CheckIn, Enrolment, ExerciseSession
from tests.e2e.physio_browser import chromium, new_page, screenshot
from tests.e2e.test_patient_pwa import check_in, fits_a_phone, phone_page, shot, sign_in
from tests.e2e.test_physio_dashboard import sign_in as physio_sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_patient_corrects_a_check_in_from_my_history_and_the_physio_sees_it(
    live_server, enrolled
):
    patient = enrolled.patient
    enrolment = Enrolment.objects.get(patient=patient)
    today = patient.local_today()
    for n in range(1, 9):
        CheckIn.objects.create(
            patient=patient,
            date=today - dt.timedelta(days=n),
            pain_rest=1,
            pain_morning=2,
            sitting_minutes=40,
        )
    monday = today - dt.timedelta(days=today.weekday())
    ExerciseSession.objects.create(
        patient=patient, enrolment=enrolment, date=monday, pain_during=2, pain_after=1
    )

    gone = CheckIn.objects.get(patient=patient, date=today - dt.timedelta(days=3))

    with chromium() as browser:
        page = phone_page(browser)
        sign_in(page, live_server.url, patient.user.email)
        page.locator(".intro").get_by_role("button", name="Skip").click()
        check_in(page, rest=1, morning=6)  # a mis-tap: 6 meant to be 2
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_text("Sent to your physio's records")).to_be_visible()

        page.get_by_role("link", name=re.compile("^Your account")).click()
        page.get_by_role("link", name="My history").click()
        expect(page.get_by_role("heading", level=1, name="My history")).to_be_visible()
        goal = page.locator(".goal")
        expect(goal.get_by_role("heading")).to_have_text("Weekly goal")
        # One "This week": the week's logs; the goal above has its own name.
        expect(page.get_by_role("heading", name="This week", exact=True)).to_have_count(1)
        expect(goal).to_contain_text(re.compile(r"1 of \d+ exercise sessions this week"))
        expect(goal).to_contain_text("9 days of check-ins in a row")
        expect(goal).not_to_contain_text(re.compile("fail|missed", re.IGNORECASE))

        row = page.locator(".log-row").filter(has_text="morning 6/10")
        row.get_by_role("button", name=re.compile("^Correct")).click()
        row.get_by_label("Morning pain or stiffness").select_option("2")
        fits_a_phone(page)
        shot(page, "patient-history-correcting.png")
        row.get_by_role("button", name="Save the correction").click()
        corrected = page.locator(".log-row").filter(has_text="morning 2/10")
        expect(corrected.locator(".badge")).to_have_text("Corrected")
        # Older logs are past their 24 hours in real use; here all were entered just now.
        fits_a_phone(page)
        shot(page, "patient-history.png")

        # The patient deletes an older check-in, asked once more before it goes.
        row = page.locator(f'.log-row[data-log="{gone.pk}"]')
        row.get_by_role("button", name=re.compile("^Delete")).click()
        expect(row).to_contain_text("Your physio can see that you deleted it.")
        fits_a_phone(page)
        shot(page, "patient-history-deleting.png")
        row.get_by_role("button", name="Delete it").click()
        expect(page.locator(f'.log-row[data-log="{gone.pk}"]')).to_have_count(0)
        expect(page.get_by_role("status").filter(has_text="deleted")).to_contain_text(
            re.compile(r"^Check-in of .+ deleted\.")
        )

        desk = new_page(browser)
        physio_sign_in(desk, live_server.url)
        desk.goto(f"{live_server.url}/physio/patients/{patient.pk}")
        section = desk.locator("#corrections")
        expect(section.get_by_role("heading")).to_have_text("Corrected or deleted by the patient")
        expect(section).to_contain_text(re.compile(r"morning pain\s*6\s*→\s*2"))
        expect(section.locator(f'li[data-log="{gone.pk}"]')).to_contain_text(
            re.compile(r"^Check-in of .+: deleted by the patient on ")
        )
        section.scroll_into_view_if_needed()
        screenshot(desk, "physio-corrections.png")

    checkin = CheckIn.objects.get(patient=patient, date=today)
    assert checkin.pain_morning == 2
    assert [h.pain_morning for h in checkin.history.order_by("history_date")] == [6, 2]


def test_deleting_today_s_check_in_in_my_history_puts_it_back_on_today(live_server, enrolled):
    patient = enrolled.patient

    with chromium() as browser:
        page = phone_page(browser)
        sign_in(page, live_server.url, patient.user.email)
        page.locator(".intro").get_by_role("button", name="Skip").click()
        check_in(page, rest=1, morning=2)  # on this phone: its outbox keeps it as sent
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_text("Sent to your physio's records")).to_be_visible()
        page.get_by_role("navigation", name="Screens").get_by_role("link", name="Today").click()
        expect(page.get_by_text("Today's check-in is done")).to_be_visible()

        page.get_by_role("link", name=re.compile("^Your account")).click()
        page.get_by_role("link", name="My history").click()
        row = page.locator(".log-row").filter(has_text="morning 2/10")
        row.get_by_role("button", name=re.compile("^Delete")).click()
        expect(row.get_by_role("button", name="Keep it")).to_be_focused()
        row.get_by_role("button", name="Keep it").click()  # changed their mind: nothing sent
        expect(row.get_by_role("button", name="Delete it")).to_have_count(0)
        expect(row.get_by_role("button", name=re.compile("^Delete"))).to_be_focused()
        row.get_by_role("button", name=re.compile("^Delete")).click()
        row.get_by_role("button", name="Delete it").click()
        expect(page.locator(".log-row")).to_have_count(0)
        status = page.get_by_role("status").filter(has_text="deleted")
        expect(status).to_be_focused()

        page.get_by_role("navigation", name="Screens").get_by_role("link", name="Today").click()
        expect(page.get_by_role("link", name="Do today's check-in")).to_be_visible()
        expect(page.get_by_text("Today's check-in is done")).to_have_count(0)

    mistake = CheckIn._base_manager.get(patient=patient, date=patient.local_today())
    assert not CheckIn.objects.filter(pk=mistake.pk).exists()  # gone from the live record
    assert mistake.deleted_at is not None and mistake.deleted_by == patient.user  # kept (9.5)
