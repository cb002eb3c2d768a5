"""Gate jobs on real Celery worker processes through the real Redis broker."""

import datetime as dt

import pytest
from django.db import connection

from rehab.enrolments import enrol
from rehab.models import CheckIn, Enrolment, ExerciseSession, PhaseTransition
from rehab.tasks import evaluate_enrolment, nightly_evaluation
from tests.factories import PatientFactory
from tests.rehab.conftest import checkin_body
from tests.workers import (
    broker_unreachable,
    celery_worker,
    queued_for_real,
    require_services,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)  # marked `worker` by tests/conftest.py


def ready_patient(cast, version):
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
        CheckIn.objects.create(
            patient=patient, date=day, pain_rest=0, pain_morning=2, load_test_pain=2
        )
        ExerciseSession.objects.create(
            patient=patient, enrolment=enrolment, date=day, pain_during=2, pain_after=1
        )
    return enrolment


def test_two_workers_evaluating_one_enrolment_make_one_transition(cast, shipped, tmp_path):
    require_services()
    enrolment = ready_patient(cast, shipped["pht-loading"])
    with celery_worker(tmp_path, name="a"), celery_worker(tmp_path, name="b"), queued_for_real():
        results = [evaluate_enrolment.apply_async((enrolment.pk, "nightly")) for _ in range(12)]
        decisions = [r.get(timeout=60) for r in results]
    assert set(decisions) == {"ready_for_review"}
    assert PhaseTransition.objects.filter(enrolment=enrolment).count() == 1


def test_the_nightly_job_on_real_workers_evaluates_everyone_once(cast, shipped, tmp_path):
    require_services()
    enrolments = [ready_patient(cast, shipped["pht-loading"]) for _ in range(12)]
    evaluated = Enrolment.objects.filter(evaluated_at__isnull=False)
    with celery_worker(tmp_path, name="a"), celery_worker(tmp_path, name="b"), queued_for_real():
        assert nightly_evaluation.apply_async(kwargs={"chunk_size": 5}).get(timeout=60) == 12
        wait_for(lambda: evaluated.count() == 12, timeout=60)
        first = set(Enrolment.objects.values_list("pk", "evaluated_at"))
        # The same night again: each date is judged once (PROTOCOLS.md 9.14).
        assert nightly_evaluation.apply_async(kwargs={"chunk_size": 5}).get(timeout=60) == 0
        assert set(Enrolment.objects.values_list("pk", "evaluated_at")) == first
    assert PhaseTransition.objects.filter(status="pending").count() == len(enrolments)
    assert PhaseTransition.objects.count() == len(enrolments)


def test_with_the_broker_down_a_checkin_still_saves(cast, shipped, api):
    require_services()
    enrolment = ready_patient(cast, shipped["pht-loading"])
    patient = enrolment.patient
    CheckIn.objects.filter(patient=patient, date=patient.local_today()).delete()
    with broker_unreachable():
        response = api(patient.user).post("/api/v1/checkins/", checkin_body(patient), format="json")
    assert response.status_code == 201
    assert CheckIn.objects.filter(patient=patient, date=patient.local_today()).exists()
    assert not PhaseTransition.objects.exists()  # not evaluated yet...
    nightly_evaluation()  # ...until the next nightly run (in-process here)
    assert PhaseTransition.objects.filter(enrolment=enrolment).count() == 1
    connection.close()
