import logging
import time

from django.http import JsonResponse
from redis.exceptions import RedisError
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

log = logging.getLogger(__name__)
CACHE_BACKOFF_S = 5.0
_cache_down_until = 0.0


class ScopedThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, reading the rates from settings on each request, and never
    failing a request because its counters are out of reach.

    The stock class freezes its rates at import time; reading them live lets the
    environment (THROTTLE_LOGIN, THROTTLE_WRITES) and tests change them. The client
    address comes from DRF's NUM_PROXIES (TRUSTED_PROXIES), never from a header the
    client can set alone.
    """

    @property
    def THROTTLE_RATES(self):  # upper case: the name DRF looks up
        return api_settings.DEFAULT_THROTTLE_RATES

    def allow_request(self, request, view):
        # With Redis down, a patient's red-flag check-in matters more than a rate limit:
        # let it through (per-account lockout lives in the database and still holds), and
        # skip the cache for a few seconds so each request waits for one timeout at most.
        global _cache_down_until
        if time.monotonic() < _cache_down_until:
            return True
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError) as error:
            _cache_down_until = time.monotonic() + CACHE_BACKOFF_S
            log.warning("Throttle %s skipped: cache unreachable (%s).", self.scope, error)
            return True


class WriteThrottle(ScopedThrottle):
    """Throttle writes only; reading is not limited."""

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


class _AdminLoginView:
    throttle_scope = "login"


def admin_login_throttled(request) -> JsonResponse | None:
    """The API's sign-in throttle, applied to /admin/login/ posts: a 429 answer, or None."""
    throttle = ScopedThrottle()
    if throttle.allow_request(request, _AdminLoginView()):
        return None
    wait = int(throttle.wait() or 60)
    response = JsonResponse(
        {"detail": f"Too many sign-in attempts. Try again in {wait} seconds."}, status=429
    )
    response["Retry-After"] = str(wait)
    return response
