"""The Celery app. Tasks take ids, never personal data; settings come from CELERY_*."""

import logging
import os

from celery import Celery
from celery.signals import after_setup_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("rehab")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
def _say_when_eager(logger, **kwargs):
    if app.conf.task_always_eager:
        logger.warning("REDIS_URL is not set: Celery tasks run eagerly in-process.")


def warn_if_eager() -> None:
    """Called once at web start-up so the embedded default says how tasks run."""
    if app.conf.task_always_eager:
        logging.getLogger("config").warning(
            "REDIS_URL is not set: background tasks run eagerly in-process."
        )
