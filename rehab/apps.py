from django.apps import AppConfig


class RehabConfig(AppConfig):
    name = "rehab"
    verbose_name = "Rehab"

    def ready(self):
        from config.celery import warn_if_eager

        warn_if_eager()
