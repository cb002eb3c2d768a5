"""The Redis broker transport, with one Redis client per channel instead of one per command.

kombu's Redis channel builds a new `redis.Redis` object for every publish (and every other
command it sends outside a pipeline): the connection is taken from the channel's pool
either way, but building the client (its response callbacks, about 160 of them) cost a
fifth of an enqueue here (docs/performance.md). A `redis.Redis` is safe to share between
threads (each command takes a connection from the pool), so the channel keeps one, made
again when the channel makes a new pool (after a connection error).

Chosen for redis:// and rediss:// broker URLs in config/settings.py
(CELERY_BROKER_TRANSPORT); workers and web processes use it alike.
"""

from contextlib import contextmanager

from kombu.transport import redis


class Channel(redis.Channel):
    _shared_client = None

    @contextmanager
    def conn_or_acquire(self, client=None):
        if client:
            yield client
            return
        shared = self._shared_client
        if shared is None or shared.connection_pool is not self.pool:
            shared = self._shared_client = self._create_client()
        yield shared


class Transport(redis.Transport):
    Channel = Channel
