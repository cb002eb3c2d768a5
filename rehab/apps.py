from django.apps import AppConfig


class RehabConfig(AppConfig):
    name = "rehab"
    verbose_name = "Rehab"

    def ready(self):
        from config.celery import app, warn_if_eager

        # Register every app's tasks at start-up, as a worker does, so services can queue
        # them by name (config/queueing.py) without importing task modules.
        app.autodiscover_tasks(force=True)
        warn_if_eager()
