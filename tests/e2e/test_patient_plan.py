"""In Chromium: the physio adjusts one exercise's dose on the dashboard, with a reason (which
shows in the dashboard's conversation at once), and the patient sees the new dose, marked as
their physio's, on their phone."""

import pytest
from playwright.sync_api import expect

from plans.models import PlanVersion
from rehab.models import Enrolment
from tests.e2e.physio_browser import chromium, new_page, screenshot
from tests.e2e.test_patient_pwa import phone_page
from tests.e2e.test_patient_pwa import sign_in as patient_sign_in
from tests.e2e.test_physio_dashboard import sign_in as physio_sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_physio_adjusts_a_dose_and_the_patient_sees_it_on_their_phone(live_server, enrolled):
    patient = enrolled.patient

    with chromium() as browser:
        desk = new_page(browser)
        physio_sign_in(desk, live_server.url)
        desk.locator("tr.ph-row", has_text="Robin Runner").get_by_role(
            "link", name="Robin Runner"
        ).click()
        plan = desk.locator("section.ph-plan")
        expect(
            plan.get_by_role("heading", name="Plan: Isometric (as the protocol)")
        ).to_be_visible()
        expect(plan).to_contain_text("new phase starts from the protocol")
        row = plan.locator("tr[data-exercise=bridge_hold]")
        expect(row).to_contain_text("5 × 30 s")

        row.get_by_role("button", name="Adjust").click()
        row.get_by_label("Sets").fill("3")
        row.get_by_label("Hold (s)").fill("45")
        row.get_by_role("button", name="Save dose").click()
        expect(plan.get_by_role("alert")).to_contain_text("Give a reason")  # a reason is required

        plan.get_by_label("Reason for the next change").fill(
            "Sore after the fourth hold; fewer, longer"
        )
        row.get_by_role("button", name="Save dose").click()
        expect(plan.get_by_role("status")).to_contain_text("Dose of Bridge hold")
        expect(row).to_contain_text("3 × 45 s")
        expect(row.locator(".ph-tag")).to_have_text("adjusted")
        expect(row).to_contain_text("protocol: 5 × 30 s")
        expect(plan.locator(".ph-plan-history")).to_contain_text("Sore after the fourth hold")
        # The change posted into the conversation: the panel shows it at once, no reload.
        expect(desk.locator("#conversation .conv-row").last).to_contain_text(
            "sore after the fourth hold"
        )
        screenshot(desk, "plan-physio-adjusted-dose.png")

        phone = phone_page(browser)
        patient_sign_in(phone, live_server.url, patient.user.email)
        item = phone.locator("li.exercise", has_text="Bridge hold")
        expect(item.locator(".dose")).to_contain_text("3 × 45 s")
        expect(item.locator(".adjusted")).to_have_text("Adjusted by your physio")
        other = phone.locator("li.exercise", has_text="Prone knee-flexion hold")
        expect(other.locator(".adjusted")).to_have_count(0)
        screenshot(phone, "plan-patient-today.png")

        phone.get_by_role("link", name="Messages").click()
        expect(phone.locator(".conv-row").last).to_contain_text(
            "Your physio changed the dose of Bridge hold"
        )
        expect(phone.locator(".conv-row").last).to_contain_text(
            "to 3 × 45 s, load ~70% effort, 7×/week because sore after the fourth hold"
        )
        screenshot(phone, "plan-patient-message.png")

    [version] = PlanVersion.objects.all()
    assert [i["sets"] for i in version.items if i["slot"] == "bridge_hold"] == [3]


def test_a_physio_tailors_a_phase_with_one_reason_pause_add_and_swap(live_server, enrolled):
    enrolment = Enrolment.objects.get(patient=enrolled.patient)
    enrolment.current_phase = enrolment.version.phases.get(key="stage-2")
    enrolment.save(update_fields=["current_phase"])

    with chromium() as browser:
        desk = new_page(browser)
        physio_sign_in(desk, live_server.url)
        desk.locator("tr.ph-row", has_text="Robin Runner").get_by_role(
            "link", name="Robin Runner"
        ).click()
        plan = desk.locator("section.ph-plan")
        plan.get_by_label("Reason for the next change").fill("Knee sore on curls this week")
        plan.locator("tr[data-exercise=leg_curl]").get_by_role("button", name="Pause").click()
        expect(plan.locator("tr[data-exercise=leg_curl] .ph-tag")).to_have_text("paused")

        plan.get_by_label("Add from the library").select_option("bridge_hold")
        add = plan.locator(".ph-plan-add")
        add.get_by_label("Sets").fill("4")
        add.get_by_label("Reps").fill("")
        add.get_by_label("Hold (s)").fill("30")
        add.get_by_label("Per week").fill("3")
        add.get_by_role("button", name="Add").click()
        expect(plan.locator("tr[data-exercise=bridge_hold]")).to_contain_text("4 × 30 s")

        ball = plan.locator("tr[data-exercise=ball_curl]")
        ball.get_by_role("button", name="Swap").click()
        ball.get_by_label("Swap for").select_option("prone_knee_flexion_hold")
        ball.get_by_role("button", name="Swap", exact=True).last.click()
        swapped = plan.locator("tr[data-exercise=prone_knee_flexion_hold]")
        expect(swapped).to_contain_text("instead of Ball curl")
        expect(swapped).to_contain_text("5 × 30 s")  # the hold's own dose, not the curl's reps
        expect(
            plan.get_by_role("heading", name="Plan: Isotonic, little hip flexion (version 3)")
        ).to_be_visible()
        expect(plan.locator(".ph-plan-history li")).to_have_count(3)
        screenshot(desk, "plan-physio-tailored-phase.png")

        phone = phone_page(browser)
        patient_sign_in(phone, live_server.url, enrolled.patient.user.email)
        exercises = phone.locator("li.exercise")
        expect(exercises.filter(has_text="Leg curl")).to_have_count(0)
        expect(exercises.filter(has_text="Bridge hold").locator(".adjusted")).to_be_visible()
        expect(
            exercises.filter(has_text="Prone knee-flexion hold").locator(".adjusted")
        ).to_be_visible()
        screenshot(phone, "plan-patient-tailored-today.png")

    assert list(PlanVersion.objects.order_by("number").values_list("kind", "reason")) == [
        ("pause", "Knee sore on curls this week"),
        ("add", "Knee sore on curls this week"),
        ("swap", "Knee sore on curls this week"),
    ]
