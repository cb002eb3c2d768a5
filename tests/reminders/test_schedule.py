"""The beat task sends each reminder once per local day, at the patient's own time, never
in quiet hours, never after they opted out or already did what it reminds of."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from rehab.models import CheckIn, ExerciseSession
from reminders import schedule, services, tasks
from reminders.models import ReminderSettings, SentReminder
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
TICK = dt.timedelta(minutes=10)  # the beat schedule's interval


def patient_with_reminders(push_service, zone: str, **chosen):
    patient = PatientFactory(timezone=zone)
    browser, endpoint = push_service.browser(f"p{patient.pk}")
    services.subscribe(
        user=patient.user, endpoint=endpoint, p256dh=browser.p256dh, auth=browser.auth
    )
    ReminderSettings.objects.create(patient=patient, enabled=True, **chosen)
    return patient


def run_beat(start: dt.datetime, hours: float) -> None:
    """Run the beat task every 10 minutes from `start` for `hours`."""
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(int(hours * 6)):
            tasks.send_due_reminders()
            clock.shift(TICK)


def local_send_times(patient) -> list[str]:
    zone = zoneinfo.ZoneInfo(patient.timezone)
    return [
        f"{r.kind} {r.local_date} {r.created_at.astimezone(zone):%H:%M}"
        for r in SentReminder.objects.filter(patient=patient).order_by("created_at")
    ]


def test_each_patient_is_reminded_once_a_day_at_their_own_local_time(push_service):
    london = patient_with_reminders(push_service, "Europe/London", checkin_time=dt.time(8, 0))
    new_york = patient_with_reminders(push_service, "America/New_York", checkin_time=dt.time(8, 0))
    tokyo = patient_with_reminders(push_service, "Asia/Tokyo", checkin_time=dt.time(7, 30))

    run_beat(dt.datetime(2025, 6, 10, 0, 0, tzinfo=UTC), hours=48)

    assert local_send_times(london) == ["checkin 2025-06-10 08:00", "checkin 2025-06-11 08:00"]
    assert local_send_times(new_york) == ["checkin 2025-06-10 08:00", "checkin 2025-06-11 08:00"]
    # In Tokyo it was already 09:00 when the clock started: 07:30 had passed by less than
    # the catch-up window, so that day's reminder went at once.
    assert local_send_times(tokyo) == [
        "checkin 2025-06-10 09:00",
        "checkin 2025-06-11 07:30",
        "checkin 2025-06-12 07:30",
    ]
    assert push_service.errors == []
    assert len(push_service.received) == 7


def test_running_the_task_again_within_the_same_day_sends_nothing_more(push_service):
    patient = patient_with_reminders(push_service, "Europe/Amsterdam")
    with time_machine.travel(dt.datetime(2025, 6, 10, 6, 5, tzinfo=UTC), tick=False):
        assert tasks.send_due_reminders() == 1
        assert tasks.send_due_reminders() == 0
        # Even a queued duplicate of the send itself is refused by the sent-log row.
        assert (
            services.remind(patient_id=patient.pk, kind="checkin", local_date=dt.date(2025, 6, 10))
            is None
        )
    assert len(push_service.received) == 1


def test_nothing_is_sent_in_quiet_hours_and_a_reminder_inside_them_waits_for_their_end(
    push_service,
):
    early = patient_with_reminders(
        push_service,
        "Europe/London",
        checkin_time=dt.time(6, 30),
        quiet_start=dt.time(22, 0),
        quiet_end=dt.time(7, 0),
    )
    late = patient_with_reminders(
        push_service,
        "Europe/London",
        checkin_time=dt.time(22, 30),
        quiet_start=dt.time(22, 0),
        quiet_end=dt.time(7, 0),
    )

    run_beat(dt.datetime(2025, 1, 15, 0, 0, tzinfo=UTC), hours=24)

    assert local_send_times(early) == ["checkin 2025-01-15 07:00"]
    assert local_send_times(late) == []


def test_quiet_hours_over_midnight_and_on_one_day():
    quiet = (dt.time(22, 0), dt.time(7, 0))
    assert schedule.in_quiet_hours(dt.time(23, 59), *quiet)
    assert schedule.in_quiet_hours(dt.time(6, 59), *quiet)
    assert not schedule.in_quiet_hours(dt.time(7, 0), *quiet)
    assert schedule.in_quiet_hours(dt.time(13, 0), dt.time(12, 0), dt.time(14, 0))
    assert not schedule.in_quiet_hours(dt.time(13, 0), None, None)


def test_no_reminder_after_opting_out_in_the_app_or_by_the_one_tap_stop(push_service):
    in_app = patient_with_reminders(push_service, "Europe/London")
    by_link = patient_with_reminders(push_service, "Europe/London")
    never = PatientFactory(timezone="Europe/London")  # never turned them on

    run_beat(dt.datetime(2025, 6, 10, 6, 0, tzinfo=UTC), hours=2)
    assert len(push_service.received) == 2

    services.update_settings(patient=in_app, changes={"enabled": False})
    assert services.stop_with_token(token=services.stop_token(by_link))
    run_beat(dt.datetime(2025, 6, 11, 6, 0, tzinfo=UTC), hours=24)

    assert len(push_service.received) == 2
    assert not SentReminder.objects.filter(patient=never).exists()


def test_a_patient_who_already_checked_in_today_is_not_reminded(push_service):
    patient = patient_with_reminders(push_service, "America/Los_Angeles")
    CheckIn.objects.create(patient=patient, date=dt.date(2025, 6, 10), pain_rest=1, pain_morning=1)

    run_beat(dt.datetime(2025, 6, 10, 14, 0, tzinfo=UTC), hours=26)  # 07:00 on the 10th to the 11th

    assert local_send_times(patient) == ["checkin 2025-06-11 08:00"]


def test_a_tampered_stop_token_changes_nothing(push_service):
    patient = patient_with_reminders(push_service, "Europe/London")
    token = services.stop_token(patient)
    assert not services.stop_with_token(token=token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert ReminderSettings.objects.get(patient=patient).enabled


def test_the_session_day_reminder_comes_on_planned_days_until_the_session_is_logged(
    push_service, enrolled
):
    patient = enrolled.patient  # PHT loading, Europe/London
    browser, endpoint = push_service.browser("robin")
    services.subscribe(
        user=patient.user, endpoint=endpoint, p256dh=browser.p256dh, auth=browser.auth
    )
    ReminderSettings.objects.create(
        patient=patient,
        enabled=True,
        checkin_time=dt.time(8, 0),
        session_time=dt.time(17, 0),
        session_days=[0, 3],  # Monday and Thursday
    )
    # Thursday 12 June 2025: the session is logged at noon, so only Monday gets a reminder.
    ExerciseSession.objects.create(
        patient=patient,
        enrolment=patient.enrolments.get(),
        date=dt.date(2025, 6, 12),
        pain_during=1,
        pain_after=1,
    )

    run_beat(dt.datetime(2025, 6, 9, 0, 0, tzinfo=UTC), hours=24 * 4)  # Mon to Thu

    sessions = [t for t in local_send_times(patient) if t.startswith("session")]
    assert sessions == ["session 2025-06-09 17:00"]
    [payload] = [m.payload for m in push_service.received if m.payload["tag"] == "reminder-session"]
    assert (payload["body"], payload["url"]) == ("Today is an exercise day", "/session")


def test_without_chosen_days_the_prescription_spreads_sessions_over_the_week():
    assert schedule.default_session_days(3) == [0, 2, 4]
    assert schedule.default_session_days(7) == list(range(7))
    assert schedule.default_session_days(0.5) == [0]


def test_the_reminder_keeps_to_the_wall_clock_across_a_daylight_saving_change(push_service):
    patient = patient_with_reminders(push_service, "Europe/London", checkin_time=dt.time(8, 0))
    # 30 March 2025: the clocks go forward at 01:00 UTC.
    run_beat(dt.datetime(2025, 3, 29, 0, 0, tzinfo=UTC), hours=48)
    assert local_send_times(patient) == ["checkin 2025-03-29 08:00", "checkin 2025-03-30 08:00"]
