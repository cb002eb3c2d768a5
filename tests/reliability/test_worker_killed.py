"""A worker killed in the middle of the nightly job: after a restart every enrolment is
evaluated and no transition is doubled."""

import datetime as dt
import signal
import time

import pytest

from rehab.enrolments import enrol
from rehab.models import CheckIn, Enrolment, ExerciseSession, PhaseTransition
from rehab.tasks import nightly_evaluation
from tests.factories import PatientFactory
from tests.workers import celery_worker, queued_for_real, require_services, wait_for

pytestmark = pytest.mark.django_db(transaction=True)  # marked `worker` by tests/conftest.py
FAST_REDELIVERY = {"CELERY_VISIBILITY_TIMEOUT": "3"}


def ready_enrolments(cast, version, count):
    checkins, sessions = [], []
    for _ in range(count):
        patient = PatientFactory(clinic=cast.physio.clinic, treating_physio=cast.physio)
        today = patient.local_today()
        enrolment = enrol(
            patient=patient,
            version=version,
            side="left",
            start_date=today - dt.timedelta(days=20),
            created_by=cast.physio,
        )
        for n in range(21):
            day = today - dt.timedelta(days=n)
            checkins.append(
                CheckIn(patient=patient, date=day, pain_rest=0, pain_morning=2, load_test_pain=2)
            )
            sessions.append(
                ExerciseSession(
                    patient=patient, enrolment=enrolment, date=day, pain_during=2, pain_after=1
                )
            )
    CheckIn.objects.bulk_create(checkins)
    ExerciseSession.objects.bulk_create(sessions)


def test_a_worker_killed_mid_sweep_leaves_nothing_undone_or_doubled(cast, shipped, tmp_path):
    require_services()
    ready_enrolments(cast, shipped["pht-loading"], 30)
    evaluated = Enrolment.objects.filter(evaluated_at__isnull=False)
    with queued_for_real():
        with celery_worker(tmp_path, name="doomed", extra_env=FAST_REDELIVERY) as doomed:
            nightly_evaluation.apply_async(kwargs={"chunk_size": 3}).get(timeout=60)
            wait_for(lambda: evaluated.count() >= 4, timeout=60)
            doomed.send_signal(signal.SIGKILL)  # no warm shutdown: its task stays unacknowledged
            doomed.wait()
        assert evaluated.count() < 30, "the sweep finished before the worker was killed"
        # Kombu scans for unacknowledged messages when a worker starts, then only every
        # ~100 s: start the rescuer once the killed worker's message is past its timeout.
        time.sleep(int(FAST_REDELIVERY["CELERY_VISIBILITY_TIMEOUT"]) + 1)
        with celery_worker(tmp_path, name="rescuer", extra_env=FAST_REDELIVERY):
            wait_for(lambda: evaluated.count() == 30, timeout=90)
    per_enrolment = PhaseTransition.objects.values_list("enrolment_id", flat=True)
    assert sorted(per_enrolment) == sorted(set(per_enrolment))  # none doubled
    assert len(per_enrolment) == 30
