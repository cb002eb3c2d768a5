"""The server's VAPID key pair (RFC 8292), which signs every push request.

Production sets VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT. In DEBUG with
none set, a development pair is made once and kept in a file outside the code checkout
(VAPID_DEV_KEY_FILE), so `make run` works on a fresh machine and browsers stay subscribed
across restarts (a new key would invalidate every subscription).
"""

import base64
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class PushNotConfigured(ImproperlyConfigured):
    pass


@dataclass(frozen=True)
class VapidKeys:
    public_key: str  # base64url, uncompressed P-256 point: the browser's applicationServerKey
    private_key: str  # base64url, the raw 32-byte private value
    subject: str  # mailto: or https: contact the push service may use


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_pair() -> tuple[str, str]:
    """A new (public, private) pair, both base64url as web-push tools print them."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(public), b64url(private)


def public_from_private(private_key: str) -> str:
    value = int.from_bytes(b64url_decode(private_key), "big")
    key = ec.derive_private_key(value, ec.SECP256R1())
    return b64url(
        key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


def _dev_pair(path: Path) -> tuple[str, str]:
    if path.is_file():
        stored = json.loads(path.read_text())
        return stored["public_key"], stored["private_key"]
    public, private = generate_pair()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created owner-only: the private key signs as this server.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump({"public_key": public, "private_key": private}, out)
    return public, private


@lru_cache(maxsize=4)
def _resolve(public: str, private: str, subject: str, debug: bool, dev_file: str) -> VapidKeys:
    if private:
        return VapidKeys(public or public_from_private(private), private, subject)
    if debug:
        public, private = _dev_pair(Path(dev_file))
        return VapidKeys(public, private, subject)
    raise PushNotConfigured(
        "Push reminders need VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT."
    )


def vapid_keys() -> VapidKeys:
    """The configured pair; raises PushNotConfigured when push cannot be used."""
    return _resolve(
        settings.VAPID_PUBLIC_KEY,
        settings.VAPID_PRIVATE_KEY,
        settings.VAPID_SUBJECT,
        settings.DEBUG,
        str(settings.VAPID_DEV_KEY_FILE),
    )


def push_configured() -> bool:
    try:
        vapid_keys()
    except PushNotConfigured:
        return False
    return True
