"""Signing in in Chromium: a clinic admin must give the code from their authenticator
app (the dashboard and /admin/), and a patient resets a forgotten password by email."""

import re

import pytest
from django.core import mail
from django_otp.oath import totp
from playwright.sync_api import expect

from patients import twofactor
from tests.e2e.physio_browser import chromium, new_page, screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "JBSWY3DPEHPK3PXP"


def current_code(key: bytes) -> str:
    return f"{totp(key):06d}"


def test_a_clinic_admin_must_give_the_authenticator_code(live_server, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    key = twofactor.enrol(enrolled.clinic_admin, secret_base32=SECRET).bin_key
    recovery = twofactor.new_recovery_codes(enrolled.clinic_admin)[0]

    with chromium() as browser:
        page = new_page(browser)
        page.goto(f"{live_server.url}/")
        page.get_by_label("Email").fill(enrolled.clinic_admin.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("6-digit code")
        screenshot(page, "sign-in-code-asked.png")
        page.get_by_label("Authentication code").fill("000000")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("not correct")
        page.get_by_label("Authentication code").fill(current_code(key))
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Caseload")).to_be_visible()

        admin = new_page(browser)
        admin.goto(f"{live_server.url}/admin/login/")
        admin.get_by_label("Email").fill(enrolled.clinic_admin.email)
        admin.get_by_label("Password").fill(PASSWORD)
        admin.get_by_role("button", name="Log in").click()
        expect(admin.locator(".errornote")).to_contain_text("6-digit code")
        screenshot(admin, "admin-sign-in-code-asked.png")
        admin.get_by_label("Password").fill(PASSWORD)
        # The app's code was just used (codes work once); a recovery code works too.
        admin.get_by_label(re.compile("Code from your authenticator")).fill(recovery)
        admin.get_by_role("button", name="Log in").click()
        expect(admin.get_by_role("link", name=re.compile("Patients"))).to_be_visible()


def test_a_patient_resets_a_forgotten_password_from_the_emailed_link(live_server, enrolled):
    patient = enrolled.patient.user
    new_password = "willow-copper-harbour-31"

    with chromium() as browser:
        page = new_page(browser, width=360, height=740)
        page.goto(f"{live_server.url}/")
        page.get_by_role("link", name="Forgot password?").click()
        page.get_by_label("Email").fill(patient.email)
        page.get_by_role("button", name="Email me a reset link").click()
        expect(page.get_by_role("status")).to_contain_text("sent it a link")
        screenshot(page, "patient-forgot-password.png")
        link = re.search(r"https?://\S+/reset/\S+", mail.outbox[-1].body).group(0)
        path = link.split("/reset/", 1)[1]
        page.goto(f"{live_server.url}/reset/{path}")
        page.get_by_label("New password").fill(new_password)
        page.get_by_label("The same password again").fill(new_password)
        page.get_by_role("button", name="Set my new password").click()
        expect(page.get_by_role("status")).to_contain_text("Your password is changed")
        page.get_by_label("Email").fill(patient.email)
        page.get_by_label("Password").fill(new_password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1, name=re.compile("^Today"))).to_be_visible()
        screenshot(page, "patient-after-reset.png")

    assert mail.outbox[-1].to == [patient.email]
    assert patient.name not in mail.outbox[-1].body
