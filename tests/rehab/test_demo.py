import base64
import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from patients.models import Patient, User
from plans.models import PlanVersion
from rehab.models import Alert, CheckIn, ExerciseSession, Run

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_people_with_weeks_of_logs_and_is_idempotent(capsys, settings):
    settings.DEBUG = True
    call_command("seed_demo", password="demo-pass-123")
    counts = (CheckIn.objects.count(), ExerciseSession.objects.count(), Run.objects.count())
    call_command("seed_demo", password="demo-pass-123")
    assert (CheckIn.objects.count(), ExerciseSession.objects.count(), Run.objects.count()) == counts
    assert counts[0] > 100 and counts[1] > 50 and counts[2] > 5

    assert User.objects.get(email="physio@demo.clinic").check_password("demo-pass-123")
    assert "admin@other.clinic" in capsys.readouterr().out
    stopped = Patient.objects.get(user__email="max@demo.patient")
    last = CheckIn.objects.filter(patient=stopped).latest("date").date
    assert (stopped.local_today() - last).days == 6
    # The patient the README suggests still has today's check-in and session to do.
    sam = Patient.objects.get(user__email="sam@demo.patient")
    assert not CheckIn.objects.filter(patient=sam, date=sam.local_today()).exists()
    assert CheckIn.objects.filter(
        patient=sam, date=sam.local_today() - dt.timedelta(days=1)
    ).exists()
    assert not ExerciseSession.objects.filter(patient=sam, date=sam.local_today()).exists()
    # Sam's physio tailored the plan once: the dashboard and the app show it on first run.
    [change] = PlanVersion.objects.filter(enrolment__patient=sam)
    assert (change.kind, change.created_by.email) == ("dose", "physio@demo.clinic")
    assert Alert.objects.filter(
        kind="red_flag", key="sciatic", patient__user__email="jo@demo.patient"
    ).exists()


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", password="demo-pass-123")
    assert not User.objects.filter(email="physio@demo.clinic").exists()


def test_seed_demo_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False
    call_command("seed_demo", password="demo-pass-123", force=True)
    assert User.objects.filter(email="physio@demo.clinic").exists()


def test_seed_demo_enrols_a_known_second_factor_for_demo_admins(capsys, settings):
    from django_otp.oath import totp
    from rest_framework.test import APIClient

    from patients.twofactor import has_device

    settings.DEBUG = True
    call_command("seed_demo", password="demo-pass-123", totp_secret="JBSWY3DPEHPK3PXP")
    admin = User.objects.get(email="admin@demo.clinic")
    assert has_device(admin) and not has_device(User.objects.get(email="physio@demo.clinic"))
    assert "6-digit code" in capsys.readouterr().out
    code = f"{totp(base64.b32decode('JBSWY3DPEHPK3PXP')):06d}"
    body = {"email": "admin@demo.clinic", "password": "demo-pass-123", "otp": code}
    assert APIClient().post("/api/v1/auth/token/", body).status_code == 200
