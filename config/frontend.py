"""Serves the PWA's index page for the site root and its client-side routes."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

_NOT_BUILT = (
    "<!doctype html><title>Rehab tracker</title>"
    "<p>The front end is not built yet. Run <code>make setup</code>.</p>"
)


@never_cache
@ensure_csrf_cookie
def index(request, path=""):
    index_file = settings.FRONTEND_DIST / "index.html"
    body = index_file.read_text() if index_file.exists() else _NOT_BUILT
    return HttpResponse(body, content_type="text/html; charset=utf-8")
