"""Settings for the Terve Kunta membership service.

Every value that differs between a developer's machine and production comes from the
environment (or a `.env` file next to manage.py); `.env.example` lists them all.
"""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from tervekunta.safety import refuse_unsafe_production, whole_number

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    TIME_ZONE=(str, "Europe/Helsinki"),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "Terve Kunta -verkosto <tervekunta@example.org>"),
    SERVER_EMAIL=(str, "tervekunta@example.org"),
    SITE_URL=(str, ""),
    CACHE_URL=(str, "dbcache://tervekunta_cache"),
    MEDIA_ROOT=(str, str(BASE_DIR / "media")),
    LOG_LEVEL=(str, "INFO"),
)
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(env_file)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
SITE_URL = (env("SITE_URL") or ("http://127.0.0.1:8000" if DEBUG else "")).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "bootstrap",
    "post_office",
    "django_tasks",
    "django_tasks_db",
    "tervekunta",
    "members",
    "applications",
    "meetings",
    "workspace",
]

MIDDLEWARE = [
    "tervekunta.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tervekunta.hostile.RejectHostileInputMiddleware",
    "tervekunta.request_size.RequestSizeLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tervekunta.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "tervekunta.private_links.NoIndexMiddleware",
]

ROOT_URLCONF = "tervekunta.urls"
WSGI_APPLICATION = "tervekunta.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tervekunta.private_links.noindex",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 60 if not DEBUG else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Shared cache (rate-limit counters, cached pages) ---------------------------------------
# Every worker and instance must see the same counters: the database cache by default (its
# table is made by `migrate`), Redis with CACHE_URL=rediscache://host:6379/1 in production.
CACHES = {"default": env.cache("CACHE_URL")}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # Django's own Redis backend (needs the pinned `redis` package), never a third-party one.
    CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
for _option in ("TIMEOUT", "KEY_PREFIX", "VERSION"):
    # django-environ writes ?key_prefix=… in lower case for Django's Redis backend, which ignores it.
    if _option.lower() in CACHES["default"]:
        CACHES["default"][_option] = CACHES["default"].pop(_option.lower())
CACHES["default"].setdefault("KEY_PREFIX", env("CACHE_KEY_PREFIX", default="tervekunta"))
# Sessions live in the database by default, so any app instance serves any user; set
# SESSION_ENGINE=django.contrib.sessions.backends.cache with a shared CACHE_URL to move them.
SESSION_ENGINE = env("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    "tervekunta.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one user name from one address lock that pair out for an hour;
# an administrator lifts it sooner in the admin (Access attempts) or with `axes_reset`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tervekunta.lockout.lockout_response"

# --- Second factor (django-otp) for the admin and the coordinator pages ------------------------
# tervekunta.accounts: a TOTP authenticator enrolled at the first sign-in, and recovery codes.
OTP_TOTP_ISSUER = "Terve Kunta"
# Administrators delete a lost device; they never need to see its secret key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# How long a process trusts the version of the public content it last read (tervekunta/http.py):
# changes made in another worker or server show on public pages after at most this long.
CONTENT_VERSION_MAX_AGE = env.float("CONTENT_VERSION_MAX_AGE", default=1.0)
# The benchmark's floor, /bench/trivial: a plain-text answer through every middleware and no
# database. Off everywhere but in `bench/pages.py`.
BENCH_TRIVIAL_VIEW = env.bool("BENCH_TRIVIAL_VIEW", default=False)
# Posts of one public form (application, registration) from one address per hour.
PUBLIC_FORM_RATE_LIMIT = env.int("PUBLIC_FORM_RATE_LIMIT", default=30)

# --- Client address behind reverse proxies ---------------------------------------------------
# How many proxies append to X-Forwarded-For in front of the app; the visitor is the entry that
# many places from the right (tervekunta.client). A value that cannot be applied stops the start.
PROXY_COUNT = whole_number("PROXY_COUNT", env.str("PROXY_COUNT", default="0"))
AXES_CLIENT_IP_CALLABLE = "tervekunta.client.client_address"

LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times as each language writes them (31.12.2026 klo 13.00, 31.12.2026 kl. 13.00).
FORMAT_MODULE_PATH = ["tervekunta.formats"]
TIME_ZONE = env("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents go through Django's storage API: a directory by default, or any
# S3-compatible bucket when S3_BUCKET is set (private objects, fetched by the app only).
if env("S3_BUCKET", default=""):
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# --- Request size -------------------------------------------------------------------------
# Bodies over the largest upload are refused unread (tervekunta.request_size); form fields
# alone may take this much memory, and an upload over FILE_UPLOAD_MAX_MEMORY_SIZE goes to a
# temporary file in FILE_UPLOAD_TEMP_DIR that Django removes when the request ends.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", default="") or None

# Uploaded files (application minutes) hold personal data: they live outside every public
# path and are served only through views that check who is asking.
MEDIA_ROOT = env("MEDIA_ROOT")

EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = env("SERVER_EMAIL")
# Only the outbox worker talks to the mail server (tervekunta.outbox); a server that does not
# answer holds a worker for this many seconds, never a web request.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# Background work goes through Django's tasks API (django-tasks until Django 6 ships it); the
# database backend needs no other service. Run `manage.py db_worker` and `manage.py scheduler`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Minutes to wait after each failed attempt before the next one; after the last, the message is
# failed and a coordinator sees it. The waits add up to more than a day of retrying.
OUTBOX_RETRY_MINUTES = [1, 5, 15, 30, 60, 120, 240, 480, 480, 480]
# /healthz fails when messages wait and the worker has not been seen for this many minutes.
OUTBOX_WORKER_SILENT_MINUTES = env.int("OUTBOX_WORKER_SILENT_MINUTES", default=10)

# Whom staff ask when they are locked out or have lost their second factor.
SUPPORT_EMAIL = env("SUPPORT_EMAIL", default="") or parseaddr(DEFAULT_FROM_EMAIL)[1]

FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_REVERT_DISABLED = True

# --- HTTPS: on by default when DEBUG is off --------------------------------------------------
# Each is switched off only by setting its variable to false (or 0) explicitly.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers check health over plain HTTP on the app's own port.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
# The proxy terminates TLS and says so in X-Forwarded-Proto; it must overwrite what clients send.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("SECURE_PROXY_SSL_HEADER", default=True) else None
)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "tervekunta.observability.RequestIdFilter"},
        "private_paths": {"()": "tervekunta.observability.PrivatePathFilter"},
    },
    "formatters": {
        "json": {"()": "tervekunta.observability.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", default="plain" if DEBUG else "json"),
            "filters": ["request_id", "private_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "tervekunta.lockout": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Django's own handlers for these print paths unfiltered; route them through ours.
        "django": {"handlers": ["console"], "level": env("LOG_LEVEL"), "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Refuse to start unsafe ------------------------------------------------------------------
refuse_unsafe_production(
    debug=DEBUG, secret_key=SECRET_KEY, email_backend=EMAIL_CONFIG["EMAIL_BACKEND"], site_url=SITE_URL
)
