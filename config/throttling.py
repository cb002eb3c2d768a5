import functools
import logging
import time

import redis
from django.conf import settings
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
            return self.count(request, view)
        except (RedisError, OSError) as error:
            _cache_down_until = time.monotonic() + CACHE_BACKOFF_S
            log.warning("Throttle %s skipped: cache unreachable (%s).", self.scope, error)
            return True

    def count(self, request, view) -> bool:
        """Count the request; False when it is over the rate."""
        return super().allow_request(request, view)


@functools.cache
def _counters() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, **settings.REDIS_TIMEOUTS)


class WriteThrottle(ScopedThrottle):
    """Throttle writes only; reading is not limited.

    With Redis, a write costs one round trip instead of DRF's two (GET and SET of a list
    of timestamps): one pipeline counts it in the current fixed window (INCR, EXPIRE) and
    reads the previous window's count (GET), and the rate is judged over the last
    `duration` seconds by weighting the previous window by how much of it they still
    cover (the usual sliding-window estimate). A refused write is taken back out of the
    count (DECR, only then), so a client that retries while throttled still gets the rate.
    Without Redis (no REDIS_URL), DRF's own count in the configured cache.
    """

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)

    def count(self, request, view) -> bool:
        if not settings.REDIS_URL:
            return super().count(request, view)
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        now = self.timer()
        window, into = divmod(now, self.duration)
        key = f"{ident}:{int(window)}"
        with _counters().pipeline(transaction=False) as pipe:
            pipe.incr(key)
            pipe.expire(key, 2 * self.duration)  # still read as the previous window
            pipe.get(f"{ident}:{int(window) - 1}")
            current, _, previous = pipe.execute()
        weight = 1 - into / self.duration
        if current + int(previous or 0) * weight <= self.num_requests:
            return True
        _counters().decr(key)
        self.retry_at = now + self.duration - into  # the window's end: at the latest
        return False

    def wait(self):
        if not settings.REDIS_URL:
            return super().wait()
        return max(self.retry_at - self.timer(), 1)


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
