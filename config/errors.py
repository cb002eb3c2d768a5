"""JSON errors for the API: never an HTML page, never a 500 for bad input."""

from django.conf import settings
from django.http import JsonResponse
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback


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


# --- Domain errors: services refuse with these; one handler gives each its status.


class DomainError(Exception):
    """A service's refusal, worded for the person. Each kind has one HTTP status, set by
    `api_exception_handler`, so services never name statuses and views map nothing."""

    status = 400

    def __init__(self, detail: str, **extra):
        super().__init__(detail)
        self.detail = detail
        # Keys the contract names beside "detail" (e.g. "reasons", "otp_required").
        self.extra = extra

    def body(self) -> dict:
        return {"detail": self.detail, **self.extra}


class Invalid(DomainError):
    """Input the serializer could not judge alone (it takes the database): 400, with
    `{"field": ["message"]}` or, when no one field is at fault, `{"detail": message}`."""

    def __init__(self, errors: str | dict[str, list[str]]):
        self.errors = None if isinstance(errors, str) else errors
        super().__init__(errors if isinstance(errors, str) else _first_message(errors))

    def body(self) -> dict:
        return self.errors if self.errors is not None else super().body()


class Unauthenticated(DomainError):
    """A refused sign-in (401), with fields for the client such as `otp_required`."""

    status = 401


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    """The request clashes with what is stored (409); `reasons` or `existing_id` may say
    which."""

    status = 409


class Gone(DomainError):
    """What was asked for existed and no longer does (410)."""

    status = 410


class Unavailable(DomainError):
    """A part of the service this server is not set up for (503)."""

    status = 503


def _first_message(errors) -> str:
    """The first message of field errors, however nested (for logs and `str()`)."""
    if isinstance(errors, dict):
        return next((_first_message(v) for v in errors.values()), "")
    if isinstance(errors, list | tuple):
        return _first_message(errors[0]) if errors else ""
    return str(errors)


class ErrorSerializer(serializers.Serializer):
    """The body of a refusal in the OpenAPI schema: `detail`, plus the keys the contract
    names for some (`reasons` of a refused approval, `existing_id` of a check-in)."""

    detail = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), required=False)
    existing_id = serializers.CharField(required=False)


def error_response(description: str) -> OpenApiResponse:
    """A documented refusal (409, 410, 503...) with the one error shape."""
    return OpenApiResponse(ErrorSerializer, description=description)


def api_exception_handler(exc, context):
    """DRF's handler, plus the domain errors: the same JSON shape from every endpoint."""
    if isinstance(exc, DomainError):
        set_rollback()
        headers = {"WWW-Authenticate": "Token"} if exc.status == 401 else None
        return Response(exc.body(), status=exc.status, headers=headers)
    return exception_handler(exc, context)
