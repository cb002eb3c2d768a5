"""Queueing a task after a write: by its registered name, with the broker-down fallback.

Services never import task modules (tasks import services, never the reverse): they name
the task, e.g. ``queue("rehab.tasks.evaluate_patient", patient.pk)``. The task is looked up
in the Celery app's registry when the call is made, so eager mode (no REDIS_URL, and the
test suite) runs it in-process exactly as a worker would, and a test that patches the
task's ``apply_async`` is honoured.
"""

import logging
import time

from celery import current_app
from django.db import InterfaceError
from django.db import OperationalError as DatabaseError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# What an unreachable broker (or, in eager mode, a passing outage) raises from apply_async.
UNREACHABLE = (BrokerError, RedisError, OSError, DatabaseError, InterfaceError)


def task_named(name: str):
    """The registered task; loads the apps' task modules first if they are not yet."""
    try:
        return current_app.tasks[name]
    except KeyError:
        current_app.autodiscover_tasks(force=True)
        return current_app.tasks[name]


# After the broker failed, skip it for a few seconds: one request then waits for at most
# one timeout, not one per task it queues (the nightly run recovers what was not queued).
BROKER_BACKOFF_S = 5.0
_broker_down_until = 0.0


def queue(name: str, *args) -> bool:
    """Queue a task by ids; False (and a warning) when the broker cannot be reached, so the
    caller's write still stands and the caller decides what to do instead."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        log.warning("%s%s not queued (the broker was unreachable moments ago).", name, args)
        return False
    try:
        # No result wanted: waiting on the result backend's subscription (also Redis)
        # would retry for ~20 s when Redis is down. The arguments are ids, so their plain
        # repr is the message's argsrepr (Celery's size-capped saferepr cost a fifth of
        # the message's building).
        task_named(name).apply_async(
            args, retry=False, ignore_result=True, argsrepr=repr(args), kwargsrepr="{}"
        )
        return True
    except UNREACHABLE as error:
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_S
        log.warning("%s%s not queued (%s).", name, args, type(error).__name__)
        return False


def queue_or_run(name: str, *args) -> None:
    """Queue a task; with the broker unreachable, run it here instead (emails that must go)."""
    if not queue(name, *args):
        task_named(name)(*args)
