"""The broker transport keeps one Redis client per channel (config/broker.py)."""

import pytest
from django.conf import settings

from config import broker
from config.celery import app

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="the Redis broker")


def test_publishing_uses_the_transport_with_a_shared_client():
    with app.connection_for_write() as connection:
        assert isinstance(connection.default_channel, broker.Channel)


def test_a_channel_keeps_its_client_until_it_makes_a_new_pool():
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        with channel.conn_or_acquire() as first, channel.conn_or_acquire() as again:
            assert first is again and first.connection_pool is channel.pool
            assert first.ping()
        with channel.conn_or_acquire(client="given") as given:
            assert given == "given"  # a caller's own client (a pipeline's) is left alone
        channel._disconnect_pools()  # what kombu does after a connection error
        with channel.conn_or_acquire() as after:
            assert after is not first and after.connection_pool is channel.pool
            assert after.ping()
