"""Redis stopped while the app serves: sign-in, a check-in, its red-flag alert and the
urgent email all still happen, each answer within 2 s. The nightly run evaluates the
log later (its queueing failed softly)."""

import os
import signal
import subprocess
import time
from contextlib import contextmanager

import pytest
from django.core import mail
from rest_framework.test import APIClient

from config.celery import app
from rehab.models import Alert, CheckIn
from tests.factories import PASSWORD
from tests.rehab.conftest import checkin_body
from tests.workers import require_services

pytestmark = pytest.mark.django_db(transaction=True)


def redis_answers(port: str) -> bool:
    ping = ["redis-cli", "-p", port, "ping"]
    return subprocess.run(ping, capture_output=True, timeout=5).stdout.strip() == b"PONG"


@contextmanager
def redis_stopped(how: str):
    port = os.environ["REHAB_TEST_REDIS_PORT"]
    if how == "paused":  # the process hangs: connections open but nothing answers
        pid = int(os.environ["REHAB_TEST_REDIS_PID"])
        os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(pid, signal.SIGCONT)
    else:  # shut down: connections are refused
        subprocess.run(["redis-cli", "-p", port, "shutdown", "nosave"], timeout=10)
        try:
            yield
        finally:
            subprocess.run(
                [
                    "redis-server",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    port,
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    os.environ["REHAB_TEST_REDIS_DIR"],
                    "--daemonize",
                    "yes",
                ],
                check=True,
                timeout=10,
            )
            for _ in range(50):
                if redis_answers(port):
                    break
                time.sleep(0.1)


@pytest.fixture
def real_broker():
    """Queue through the real Redis broker, as production does (tests run tasks eagerly)."""
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def timed(call):
    start = time.monotonic()
    response = call()
    return response, time.monotonic() - start


@pytest.mark.parametrize("how", ["paused", "shut_down"])
def test_sign_in_check_in_red_flag_and_urgent_email_survive_redis_stopping(
    how, enrolled, real_broker
):
    require_services()
    if "REHAB_TEST_REDIS_PORT" not in os.environ:
        pytest.fail("scripts/with-services.sh exports REHAB_TEST_REDIS_PORT")
    patient = enrolled.patient
    body = checkin_body(patient, red_flags=["neuro"], pain_rest=6)
    client = APIClient()
    client.raise_request_exception = False  # a failure is a 500 to assert on, not a crash
    # Warm up while Redis is there (a served app is warm; the first request loads a lot).
    assert (
        client.post("/api/v1/auth/token/", {"email": "x@y.test", "password": "x"}).status_code
        == 401
    )

    with redis_stopped(how):
        token, took = timed(
            lambda: client.post(
                "/api/v1/auth/token/", {"email": patient.user.email, "password": PASSWORD}
            )
        )
        assert (token.status_code, took < 2) == (200, True), (token.content[:200], took)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
        saved, took = timed(lambda: client.post("/api/v1/checkins/", body, format="json"))
        assert (saved.status_code, took < 2) == (201, True), (saved.content[:200], took)
        session = APIClient()
        signed_in, took = timed(
            lambda: session.post(
                "/api/v1/auth/login/", {"email": enrolled.physio.email, "password": PASSWORD}
            )
        )
        assert (signed_in.status_code, took < 2) == (200, True), (signed_in.content[:200], took)

    assert CheckIn.objects.filter(pk=body["id"]).exists()
    alert = Alert.objects.get(patient=patient, kind="red_flag", key="neuro")
    assert alert.severity == "urgent"
    assert [m.to for m in mail.outbox] == [[enrolled.physio.email]]  # sent directly

    # Redis back: everything works as before.
    again = APIClient().post(
        "/api/v1/auth/token/", {"email": patient.user.email, "password": PASSWORD}
    )
    assert again.status_code == 200
