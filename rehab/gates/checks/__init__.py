"""Every criterion kind's check, registered in one place, grouped by what it reads."""

from rehab.gates.checks import (
    measurements,
    morning,
    pain_windows,
    progress,
    running,
    safety,
    unlocks,
)

CHECKS = {
    "days_in_phase": progress.days_in_phase,
    "days_since": progress.days_since,
    "sessions_logged": progress.sessions_logged,
    "adherence": progress.adherence,
    "log_worst": pain_windows.log_worst,
    "log_mean": pain_windows.log_mean,
    "days_meeting": pain_windows.days_meeting,
    "morning_pain_settled": morning.morning_pain_settled,
    "morning_pain_rise": morning.morning_pain_rise,
    "weekly_mean_stable": morning.weekly_mean_stable,
    "weekly_mean_rising": morning.weekly_mean_rising,
    "measurement": measurements.measurement,
    "check": measurements.physio_check,
    "no_flare": safety.no_flare,
    "run_level_reached": running.run_level_reached,
    "runs_at_level": running.runs_at_level,
    "limp_reported": running.limp_reported,
    "enrolment_completed": running.enrolment_completed,
    "exercises_unlocked": unlocks.exercises_unlocked,
}
