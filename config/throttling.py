from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class ScopedThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, reading the rates from settings on each request.

    The stock class freezes its rates at import time; reading them live lets the
    environment (THROTTLE_LOGIN, THROTTLE_WRITES) and tests change them.
    """

    @property
    def THROTTLE_RATES(self):  # noqa: N802 - the name DRF looks up
        return api_settings.DEFAULT_THROTTLE_RATES
