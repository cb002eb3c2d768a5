"""Real Celery worker processes for tests, on the throwaway Redis and the test database."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app


def require_services() -> None:
    """Skip when run by hand without the services; fail under `make test`."""
    if settings.REDIS_URL and connection.vendor == "postgresql":
        return
    message = "needs PostgreSQL and Redis: run through `make test`"
    if os.environ.get("REHAB_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


def test_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextmanager
def celery_worker(tmp_path: Path, *, name: str = "w1", extra_env: dict | None = None):
    """Start `celery worker` as a separate process and stop it afterwards."""
    log = tmp_path / f"worker-{name}.log"
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # four slashes: absolute
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool",
        "solo",
        "--hostname",
        f"{name}@%h",
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        "INFO",
    ]
    with open(log, "w") as out:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_ready(process, log)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"celery worker exited early:\n{log.read_text()}")
        if " ready." in log.read_text():
            return
        time.sleep(0.2)
    raise RuntimeError(f"celery worker did not start:\n{log.read_text()}")


@contextmanager
def queued_for_real():
    """Send tasks to the broker instead of running them in-process."""
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = True


def wait_for(predicate, timeout: float = 30, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {predicate}")


@contextmanager
def broker_unreachable():
    """Point the app at a port where nothing listens, then restore the real broker."""
    real = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app._pool, app.amqp._producer_pool = None, None  # connection pools are per URL
    try:
        with queued_for_real():
            yield
    finally:
        app.conf.broker_url = real
        app._pool, app.amqp._producer_pool = None, None
