"""A local Web Push service for tests: it checks what a real one would (the VAPID JWT in
the Authorization header, signed by the server's key) and decrypts the aes128gcm body with
the "browser's" private key, as the browser would.

Each browser is a P-256 key pair and an auth secret made in the test; its endpoint is
http://127.0.0.1:<port>/push/<name>. An endpoint under /gone/ answers 410, as a push
service does for a subscription the user revoked.
"""

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Browser:
    """One browser's push keys, as PushManager.subscribe() would make them."""

    name: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)


@dataclass
class Received:
    path: str
    claims: dict
    vapid_key: str
    ttl: str
    payload: dict


def verify_vapid(authorization: str, *, expected_key: str, audience: str) -> dict:
    """Check `vapid t=<JWT>,k=<key>` (RFC 8292): the key is the server's, the ES256
    signature verifies with it, and the claims name this service and are not expired."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid", authorization
    parts = dict(p.split("=", 1) for p in params.split(","))
    assert parts["k"] == expected_key, "signed with another key"
    header, claims, signature = parts["t"].split(".")
    assert json.loads(unb64url(header)) == {"typ": "JWT", "alg": "ES256"}
    raw = unb64url(signature)
    assert len(raw) == 64
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(expected_key))
    try:
        public.verify(
            encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
            f"{header}.{claims}".encode(),
            ec.ECDSA(hashes.SHA256()),
        )
    except InvalidSignature:
        raise AssertionError("VAPID signature does not verify") from None
    decoded = json.loads(unb64url(claims))
    assert decoded["aud"] == audience, decoded
    assert time.time() < decoded["exp"] <= time.time() + 24 * 3600, decoded
    return decoded


class PushService:
    def __init__(self, vapid_public_key: str):
        self.vapid_public_key = vapid_public_key
        self.browsers: dict[str, Browser] = {}
        self.received: list[Received] = []
        self.errors: list[str] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path.startswith("/gone/"):
                    self.send_response(410)
                    self.end_headers()
                    return
                try:
                    service.receive(self.path, self.headers, body)
                except Exception as error:  # the test reads it; the sender sees a 400
                    service.errors.append(repr(error))
                    self.send_response(400)
                    self.end_headers()
                    return
                self.send_response(201)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def browser(self, name: str, *, gone: bool = False) -> tuple[Browser, str]:
        """A new browser and its endpoint on this service."""
        browser = Browser(name)
        self.browsers[name] = browser
        return browser, f"{self.origin}/{'gone' if gone else 'push'}/{name}"

    def receive(self, path: str, headers, body: bytes) -> None:
        claims = verify_vapid(
            headers["Authorization"], expected_key=self.vapid_public_key, audience=self.origin
        )
        assert headers["Content-Encoding"] == "aes128gcm", headers["Content-Encoding"]
        browser = self.browsers[path.rsplit("/", 1)[-1]]
        plain = http_ece.decrypt(
            body,
            private_key=browser.private_key,
            auth_secret=browser.auth_secret,
            version="aes128gcm",
        )
        self.received.append(
            Received(path, claims, self.vapid_public_key, headers["TTL"], json.loads(plain))
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
