"""One settings module for every environment, driven by environment variables.

With no variables at all this is the embedded default: DEBUG on, a SQLite file, a
development secret key and Celery tasks run eagerly in-process. `.env.example`
documents every variable.
"""

import datetime as dt
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_DEV_SECRET if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.apps.RehabAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "simple_history",
    "protocols",
    "patients",
    "rehab",
    "plans",
    "exports",
    "privacy",
    "reminders",
    "questionnaires",
    "conversations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, which answers for files (/sw.js, /assets/...) without calling the
    # middleware below it: the headers go on those responses too.
    "csp.middleware.CSPMiddleware",
    "config.headers.PermissionsPolicyMiddleware",
    "config.errors.RequestSizeLimitMiddleware",
    # Compresses JSON read by GET only (BREACH: config/compression.py); outside the
    # middleware below, so it compresses their final body.
    "config.compression.ApiJsonGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Answers (API messages included) in the language of Accept-Language; the app sends
    # the patient's chosen one.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: SQLite file by default, PostgreSQL (psycopg 3) when DATABASE_URL is set.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Opening a connection is the largest single cost of a request: keep them in production.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
# PostgreSQL's JIT compiles any query estimated above jit_above_cost: the ranked caseload of
# 1,000 patients ran in 40 ms and spent 300 ms more compiling (docs/performance.md).
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not env.bool("PG_JIT", default=False):
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "patients.User"
# django-axes first: it refuses a locked-out account before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "patients.passwords.NotBlankValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The patient app, its emails and the PDF report speak these (locale/nl holds the Dutch).
LANGUAGES = [("en", "English"), ("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # English dates as in Britain, day first
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The PWA's build output is served from the site root (/, /sw.js, /manifest.webmanifest).
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Export files hold health data: keep them outside the code checkout, by default in the
# user's data folder (XDG), which needs no root on a fresh machine.
_DATA_HOME = Path(env.str("XDG_DATA_HOME", default="") or Path.home() / ".local" / "share")
EXPORT_ROOT = env.path("EXPORT_ROOT", default=_DATA_HOME / "rehab" / "exports")

# Request bodies above this size are refused with 413 (logs are small; this stops abuse).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("MAX_REQUEST_BYTES", default=64 * 1024)

# With no EMAIL_URL nothing is sent and only the subject is logged: bodies hold invite and
# reset links, which must never reach a console or log (EMAIL_URL=consolemail:// prints
# whole emails, for a developer who wants that).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if not env.str("EMAIL_URL", default=""):
    EMAIL_BACKEND = "config.privacy_logging.WithheldEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="rehab@localhost")
# Where invite links point (the PWA's public address).
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
INVITE_VALID_DAYS = env.int("INVITE_VALID_DAYS", default=14)

# --- Security: strict whenever DEBUG is off, so `check --deploy` is clean.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp) on every response: only this origin's files run;
# no inline script anywhere (the PWA registers /sw.js from its bundle; /api/docs/ loads
# its script as a file). The two inline <style> blocks (the docs page and the patient
# report as a web page) carry the per-request nonce, which goes into the header only on
# responses that used it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # No style attributes either: Preact and uPlot set styles through the DOM
        # (element.style), which CSP does not restrict, and the admin's templates have none.
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Permissions-Policy (config.headers) turns off every powerful feature the app does not
# use. Left at the browser default (this origin only): clipboard-write (the physio copies
# an invite link) and fullscreen. Notifications, push and vibration are not
# Permissions-Policy features (the browser asks the person for notifications). Only
# names Chromium knows: an unknown one is a console error on every page (the browser tests
# fail on it), which rules out bluetooth and, on desktop Linux, web-share.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-create",  # the second factor is TOTP, not passkeys
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    ]
}

# --- API
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the
# default): the client is the socket's peer and the header is ignored, so a client
# cannot choose the address its sign-in attempts are counted under.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)

REST_FRAMEWORK = {
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "patients.auth.TokenAuthentication",  # knox, in one query
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    # Services raise config.errors' domain errors; this one handler gives their statuses.
    "EXCEPTION_HANDLER": "config.errors.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "login": env.str("THROTTLE_LOGIN", default="10/min"),
        "writes": env.str("THROTTLE_WRITES", default="120/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hamstring rehab tracker API",
    "DESCRIPTION": "Protocols, patient logs, criteria-based phase gates and clinic exports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: it would send the schema's address to an outside site (and the
    # Content-Security-Policy refuses its image anyway).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SideEnum": "rehab.models.Side",
        "QuestionnaireEnum": ["visa_h", "phat"],
        "MeasurementKeyEnum": "protocols.vocabulary.MEASUREMENT_KEYS",
        "PlanChangeKindEnum": "plans.models.PlanVersion.Kind",
    },
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": False,
}

# API tokens (django-rest-knox): stored hashed, expire, revoked on logout and password change.
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(hours=env.int("TOKEN_TTL_HOURS", default=24 * 7)),
    "AUTH_HEADER_PREFIX": "Token",
    # No sliding expiry: refreshing would write the token row on every request.
    "AUTO_REFRESH": False,
}

# Second factor (django-otp): the name authenticator apps show, and reset links' lifetime.
OTP_TOTP_ISSUER = "Hamstring rehab"
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

# Per-account lockout (django-axes) for the API sign-in and /admin/login/, recorded in the
# database (AccessAttempt, AccessFailureLog, AccessLog) so it works with Redis down.
AXES_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("SIGNIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one alone locks
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USERNAME_CALLABLE = "patients.signin.axes_username"
AXES_LOCKOUT_CALLABLE = "patients.signin.lockout_response"
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXIES else ["REMOTE_ADDR"]
)

# Redis answers in milliseconds or not at all: fail fast, so the throttles (which then
# let the request through) and the broker fallbacks answer well inside 2 s.
REDIS_TIMEOUTS = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://")
    if not env.str("REDIS_URL", default="")
    else {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("REDIS_URL"),
        "OPTIONS": REDIS_TIMEOUTS,
    }
}

# --- Celery: a real Redis broker when REDIS_URL is set, otherwise eager in-process tasks.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# One Redis client per broker channel, not one per publish (config/broker.py).
if REDIS_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose worker died unacknowledged is handed out again after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    **REDIS_TIMEOUTS,
    # Publishing gives up after one quick retry (kombu's default sleeps ~6 s): callers
    # then fall back (urgent email sent directly, evaluation left to the nightly run).
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUTS["socket_timeout"]
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUTS["socket_connect_timeout"]
CELERY_BEAT_SCHEDULE = {
    # Hourly: each enrolment is judged once per date, at or after 03:00 in its patient's
    # time zone, for the date just ended (PROTOCOLS.md 9.14).
    "nightly-evaluation": {
        "task": "rehab.tasks.nightly_evaluation",
        "schedule": crontab(minute=10),
    },
    # Urgent alerts unacknowledged for 24 hours go to the clinic admins (PROTOCOLS.md 9.8).
    "escalate-unseen-urgent-alerts": {
        "task": "rehab.tasks.escalate_unseen_urgent_alerts",
        "schedule": crontab(minute=5),
    },
    # Delete expired export files every hour (their jobs and audit records stay).
    "purge-expired-exports": {
        "task": "exports.tasks.purge_expired_exports",
        "schedule": crontab(minute=15),
    },
    # Reminders whose local time has just passed, in every patient's time zone.
    "send-due-reminders": {
        "task": "reminders.tasks.send_due_reminders",
        "schedule": crontab(minute="*/10"),
    },
}

# Clinic export files are deleted this long after they are made (the audit record stays).
EXPORT_EXPIRY_HOURS = env.int("EXPORT_EXPIRY_HOURS", default=72)

# Web Push reminders: the VAPID key pair (`python manage.py vapid_keys` prints a new one)
# and a contact for push services (mailto: or https:). In DEBUG with no key set, a
# development pair is made once and kept outside the checkout (VAPID_DEV_KEY_FILE).
VAPID_PUBLIC_KEY = env.str("VAPID_PUBLIC_KEY", default="")
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default=f"mailto:{DEFAULT_FROM_EMAIL}")
VAPID_DEV_KEY_FILE = _DATA_HOME / "rehab" / "vapid-dev-key.json"
# The server POSTs to a subscription's endpoint: only these push services (a leading dot
# allows subdomains), so nobody can aim it at an internal address.
PUSH_SERVICE_HOSTS = env.list(
    "PUSH_SERVICE_HOSTS",
    default=[
        "fcm.googleapis.com",
        "updates.push.services.mozilla.com",
        ".push.apple.com",
        ".notify.windows.com",
    ],
)
PUSH_ALLOW_LOOPBACK_HTTP = False  # tests only: their push service listens on 127.0.0.1

# Benchmarks only (`make bench`): serve a bare one-insert view to compare the write path
# with. Off by default, so the view never exists in production.
BENCH_BASELINE = env.bool("BENCH_BASELINE", default=False)

# Every log line passes a filter that hides invite and reset tokens (request logs print
# paths, and an invite's path holds its token); Django's own loggers use the same handler.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "config.privacy_logging.RedactLinkTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
