from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def vapid_keys_set(app_configs, **kwargs):
    """Without a VAPID pair, reminders go by email only: say so at deploy time."""
    if settings.VAPID_PRIVATE_KEY and settings.VAPID_SUBJECT:
        return []
    return [
        Warning(
            "VAPID_PRIVATE_KEY or VAPID_SUBJECT is not set: reminders are sent by email only.",
            hint="Generate a pair with `python manage.py vapid_keys` and set the variables.",
            id="reminders.W001",
        )
    ]
