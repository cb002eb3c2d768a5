from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import frontend

api_v1 = [
    path("", include("patients.urls")),
    path("", include("protocols.urls")),
    path("", include("rehab.urls")),
    path("", include("plans.urls")),
    path("", include("exports.urls")),
    path("", include("privacy.urls")),
    path("", include("reminders.urls")),
    path("", include("questionnaires.urls")),
    path("", include("conversations.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
if settings.BENCH_BASELINE:  # the benchmarks' bare-insert view; never on in production
    api_v1.append(path("bench/", include("bench.baseline")))

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    # The split view serves the page's script as a file (/api/docs/?script=): no inline
    # script, so the Content-Security-Policy needs no 'unsafe-inline'.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api_docs.html"),
        name="api-docs",
    ),
    path("", frontend.index, name="frontend"),
    # Client-side routes of the PWA (anything that is not the API, admin or a file).
    # Client-side routes; ':' appears in signed invite tokens (/invite/<token>).
    re_path(r"^(?!api/|admin/|static/)(?P<path>[\w\-/:]*)$", frontend.index),
]

handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
