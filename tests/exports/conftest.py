"""A month of one patient's rehab: logs, scores, clinician tests, an approved move, a
gate evaluation and the return-to-run plan. Built per test, never loaded globally."""

import datetime as dt

import pytest
from django.utils import timezone

from rehab import services
from rehab.enrolments import enrol
from rehab.models import CheckIn, ExerciseSession, Measurement, PhaseTransition, Run

DAYS = 30
LATEST = {"phat": 68, "visa_h": 61, "pain_rest": 1, "pain_morning": 2, "pain_during": 3}


def month_of_logs(patient, enrolment, physio):
    today = patient.local_today()
    for n in range(DAYS, -1, -1):
        day = today - dt.timedelta(days=n)
        CheckIn.objects.create(
            patient=patient,
            date=day,
            pain_rest=1 if n < 10 else 3,
            pain_morning=2 if n < 10 else 4,
            sitting_minutes=60 - n,
            load_test_pain=2,
            note='=HYPERLINK("x")' if n == 5 else "",
        )
        if n % 2 == 0:
            ExerciseSession.objects.create(
                patient=patient,
                enrolment=enrolment,
                date=day,
                pain_during=3 if n == 0 else 2,
                pain_after=1,
                rpe=6,
                exercises=[{"exercise": "bridge_hold", "sets": 5, "hold_s": 30}],
            )
    scores = [
        ("phat", 28, 42),
        ("phat", 2, LATEST["phat"]),
        ("visa_h", 28, 40),
        ("visa_h", 2, LATEST["visa_h"]),
    ]
    tests = [
        ("knee_flexion_lsi", 3, 85, "", "isometric"),
        ("pain_free_drop_lunge", 3, 1, "", ""),
        ("puranen_orava", 29, 0, "", ""),
        ("single_leg_bridge_reps", 3, 18, "left", ""),
    ]
    for key, ago, value in scores:
        Measurement.objects.create(
            patient=patient,
            date=today - dt.timedelta(days=ago),
            key=key,
            value=value,
            recorded_by=patient.user,
        )
    for key, ago, value, side, method in tests:
        Measurement.objects.create(
            patient=patient,
            date=today - dt.timedelta(days=ago),
            key=key,
            value=value,
            side=side,
            method=method,
            recorded_by=physio,
        )


def approved_move(enrolment, physio, days_ago: int):
    today = enrolment.patient.local_today()
    stage_2 = enrolment.version.phases.get(key="stage-2")
    PhaseTransition.objects.create(
        enrolment=enrolment,
        from_phase=enrolment.current_phase,
        to_phase=stage_2,
        decision="ready_for_review",
        status="approved",
        trigger="nightly",
        evaluated_on=today - dt.timedelta(days=days_ago + 1),
        decided_by=physio,
        decided_at=timezone.now() - dt.timedelta(days=days_ago),
        note="Tolerating load well.",
    )
    enrolment.current_phase = stage_2
    enrolment.phase_started_on = today - dt.timedelta(days=days_ago)
    enrolment.save()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Export files go to a fresh EXPORT_ROOT per test."""
    settings.EXPORT_ROOT = tmp_path / "exports"
    return settings.EXPORT_ROOT


def start_export(api, user, *, kind="logs_csv", start=None, end=None, **extra):
    today = dt.date.today()
    body = {
        "kind": kind,
        "from": str(start or today - dt.timedelta(days=90)),
        "to": str(end or today + dt.timedelta(days=1)),
        **extra,
    }
    return api(user).post("/api/v1/exports/", body, format="json")


@pytest.fixture
def history(enrolled, shipped):
    """The cast, with Robin (cast.patient) a month into PHT loading and on return-to-run."""
    cast = enrolled
    patient = cast.patient
    pht = patient.enrolments.get(protocol__slug="pht-loading")
    month_of_logs(patient, pht, cast.physio)
    approved_move(pht, cast.physio, days_ago=10)
    rtr = enrol(
        patient=patient,
        version=shipped["return-to-run"],
        side="left",
        start_date=patient.local_today() - dt.timedelta(days=6),
        created_by=cast.physio,
        entry_confirmed=True,
    )
    for ago, level in [(6, 1), (4, 1), (2, 2)]:
        Run.objects.create(
            patient=patient,
            enrolment=rtr,
            level=level,
            run_min=6 * level,
            walk_min=24,
            pain_during=1,
            pain_after=0,
            date=patient.local_today() - dt.timedelta(days=ago),
        )
    services.evaluate(enrolment_id=pht.pk, trigger="physio", actor=cast.physio)
    other = cast.other_patient
    CheckIn.objects.create(patient=other, date=other.local_today(), pain_rest=5, pain_morning=5)
    return cast
