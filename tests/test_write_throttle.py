"""The writes throttle's count in Redis: one round trip per write, the rate judged over
the last minute across the window boundary, refused writes not counted."""

import pytest
from django.conf import settings
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from config.throttling import WriteThrottle, _counters

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="counts in Redis")
MINUTE_START = 60 * 29_000_000  # a window boundary


class WritesView:
    throttle_scope = "writes"


@pytest.fixture
def at(monkeypatch, settings):
    """at(t) -> whether a write by user 7 at time t (seconds since MINUTE_START) passes
    a rate of 3/min."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": "10/min", "writes": "3/min"},
    }
    request = Request(APIRequestFactory().post("/api/v1/checkins/"))
    request.user = type("User", (), {"pk": 7, "is_authenticated": True})()

    def write_at(seconds):
        monkeypatch.setattr(WriteThrottle, "timer", staticmethod(lambda: MINUTE_START + seconds))
        throttle = WriteThrottle()
        allowed = throttle.allow_request(request, WritesView())
        return allowed if allowed else throttle.wait()

    return write_at


def test_the_rate_holds_within_a_window_and_a_refused_write_is_not_counted(at):
    assert [at(10), at(11), at(12)] == [True, True, True]
    assert at(13) == 47  # seconds to the window's end, for Retry-After
    assert at(14) == 46
    assert int(_counters().get(f"throttle_writes_7:{MINUTE_START // 60}")) == 3


def test_the_previous_window_counts_for_what_it_still_covers(at):
    assert [at(57), at(58), at(59)] == [True, True, True]
    assert at(61) is not True  # three writes in the last three seconds
    assert at(90) is True  # half the last window still counts: 1 + 3 / 2 <= 3
    assert at(91) is not True  # 2 + 3 * 29 / 60 > 3


def test_reads_are_not_limited(at):
    assert [at(1), at(2), at(3), at(4)][-1] is not True
    request = Request(APIRequestFactory().get("/api/v1/checkins/"))
    assert WriteThrottle().allow_request(request, WritesView()) is True
