"""JSON errors for the API: never an HTML page, never a 500 for bad input."""

from django.conf import settings
from django.http import JsonResponse
from django.views import defaults


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


class RequestSizeLimitMiddleware:
    """Refuse oversized API bodies with 413 before anything reads them, and query strings
    holding NUL characters with 400.

    DRF reads the request stream directly, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE
    check on `request.body` never fires for JSON; this makes the limit real.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"detail": "Invalid Content-Length header."}, status=400)
        if _is_api(request) and any("\x00" in v for v in request.GET.values()):
            # PostgreSQL cannot compare text holding NUL: refuse it here, for every filter.
            return JsonResponse(
                {"detail": "Search and filter values may not contain a NUL character."},
                status=400,
            )
        if _is_api(request) and length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            limit_kb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
            return JsonResponse(
                {"detail": f"The request body is too large (limit {limit_kb} KB)."},
                status=413,
            )
        return self.get_response(request)


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Server error. The team has been notified."}, status=500)
    return defaults.server_error(request)
