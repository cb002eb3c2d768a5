"""gzip for the API's JSON reads, where it is safe from BREACH.

BREACH recovers a secret from the compressed size of responses that carry the secret and
text an attacker chose. Only GET and HEAD answers with a JSON body are compressed here:
no GET answer of the API carries a secret (tokens and invite tokens are answers to POSTs,
which stay plain; the CSRF token lives in a cookie, never in a body), and a cross-site
page cannot read one with the victim's credentials (token auth is a header; the session
cookie is SameSite=Lax). Django's GZipMiddleware also pads each body with random bytes
(its own BREACH mitigation). A JSON page such as Progress shrinks several times over;
static files are compressed ahead of time by WhiteNoise and pass through untouched.
"""

from django.middleware.gzip import GZipMiddleware

SAFE = ("GET", "HEAD")


class ApiJsonGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if request.method not in SAFE or "json" not in content_type.split(";")[0]:
            return response
        return super().process_response(request, response)
