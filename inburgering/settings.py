"""Django settings for inburgering.

Everything that differs per environment is read through django-environ; every
variable is listed with its default and meaning in `.env.example` and the README.
"""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-secret-key-change-me-0123456789abcdef")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "django_htmx",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "inburgering",
    "cases",
    "intake",
    "pip",
    "leerroutes",
    "handhaving",
    "spuk",
    "duo",
    "dashboards",
    "termijnen",
    "ontzorgen",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "inburgering.auth.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "inburgering.security.SessieTermijnMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "inburgering.security.MFAVereistMiddleware",
    "inburgering.toegangslog.ToegangslogMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "inburgering.urls"
WSGI_APPLICATION = "inburgering.wsgi.application"
AUTH_USER_MODEL = "inburgering.Gebruiker"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "inburgering.context_processors.rol",
                "termijnen.context_processors.werkvoorraad",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Form widgets through Jinja2 (Django's own widget templates; the admin's widgets stay on the Django engine)
FORM_RENDERER = "inburgering.formulieren.FormRenderer"

# Database: no DATABASE_URL -> embedded SQLite file; postgres://... -> PostgreSQL (psycopg 3).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'inburgering.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # a file, not memory, so that a worker started by a test sees the same data
    # (one file per test process, so that parallel test runs do not share it)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: optional. Without it the cache is local memory and Celery uses the filesystem transport.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = env("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STORAGES = {
    # uploaded documents live outside the web root and are only served through permission-checked views
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media"))},
    },
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_STORAGE", default="django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = ["nlds"]
CRISPY_TEMPLATE_PACK = "nlds"

MESSAGE_TAGS = {10: "info", 20: "info", 25: "ok", 30: "warning", 40: "error"}

# Celery: Redis when REDIS_URL is set, else the filesystem transport under var/celery.
CELERY_FS_DIR = Path(env("CELERY_FS_DIR", default=str(VAR_DIR / "celery")))
# Redis as broker: queueing a task fails within seconds instead of hanging while Redis does not answer
# (paused, network gone: socket timeouts; socket_timeout above kombu's BRPOP timeout of 1 s) or is down
# (one connection attempt per publish; kombu would otherwise retry for broker_connection_timeout with
# growing pauses; the worker's consumer reconnects on its own). What a request queues on commit is best
# effort (inburgering.celery.inplannen): the rows are in the database and beat sweeps queue what is due.
REDIS_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=1.0),
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
    "max_retries": 0,
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_TRANSPORT_OPTIONS
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FS_DIR / "queue"),
        "data_folder_out": str(CELERY_FS_DIR / "queue"),
        "processed_folder": str(CELERY_FS_DIR / "processed"),
        "control_folder": str(CELERY_FS_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# one more attempt to publish on a broken connection (Celery's default is three, each up to the timeout)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# after a failed publish from a request (inburgering.celery.inplannen), seconds the process does not try
# again: the rows wait for the beat sweeps
INPLANNEN_PAUZE_SECONDS = env.float("INPLANNEN_PAUZE_SECONDS", default=30.0)
# beat: seconds between two sweeps that queue the work still waiting in a row (a PDF not made yet, an
# export in the queue) and the age a row must have before the sweep queues it again
INPLANNEN_SWEEP_SECONDS = env.float("INPLANNEN_SWEEP_SECONDS", default=120.0)
INPLANNEN_SWEEP_NA_SECONDS = env.float("INPLANNEN_SWEEP_NA_SECONDS", default=120.0)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
HEARTBEAT_SECONDS = env.float("HEARTBEAT_SECONDS", default=60.0)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="inburgering@gemeente.example")

# Production hardening (DEBUG=False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG and not env.bool("ALLOW_HTTP", default=True))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint's font subsetting logs a dozen INFO lines per font per PDF: noise that costs time
        "fontTools": {"level": "WARNING"},
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# BSN encryption at rest (comma-separated; the first encrypts, all decrypt) and the search HMAC key.
BSN_ENCRYPTION_KEYS = env.list("BSN_ENCRYPTION_KEYS", default=["ontwikkel-sleutel-niet-voor-productie"])
BSN_HMAC_KEY = env("BSN_HMAC_KEY", default="ontwikkel-hmac-sleutel-niet-voor-productie")

# --- Security and privacy (BIO / AVG) ---------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "inburgering.auth.GebruikerBackend",
]
# Lockout: AXES_FAILURE_LIMIT failed logins -> locked for AXES_COOLOFF_MINUTES (per user name and IP).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = __import__("datetime").timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
AXES_VERBOSE = False

# Sessions: idle timeout (renewed on every request) and an absolute maximum since login.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_ENGINE = "inburgering.sessies"  # database sessions; the per-request read compiled once
SESSION_SAVE_EVERY_REQUEST = False  # inburgering.security.SessieTermijnMiddleware renews it
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# MFA: TOTP for every user on every screen (django-otp); issuer shown in authenticator apps.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Inburgering")
MFA_HERSTELCODES = 10

# Content-Security-Policy: no 'unsafe-inline'; scripts only from our origin or with the request nonce.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
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

# Access log purpose (doelbinding) recorded with every access to personal data.
TOEGANGSLOG_DOEL = env("TOEGANGSLOG_DOEL", default="Uitvoering Wet inburgering 2021")
# Retention: closed cases are anonymised after the dated setting 'bewaartermijn_afgesloten_maanden',
# and only when a dry-run report listed them at least this many days before.
ANONIMISEREN_WACHTDAGEN = env.int("ANONIMISEREN_WACHTDAGEN", default=7)

# --- REST APIs (Django REST framework) --------------------------------------------------------
# No session authentication on the APIs: each API names its own authentication (the school API:
# a school's API key, leerroutes.api). JSON only (no browsable API: it needs inline scripts).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inburgering API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
}


# --- DUO exchange (duo app, issue 11) ----------------------------------------------------------
# Base URL of DUO's APIs including the major version (README duo-m2m: https://{host:port}/v1).
# Default: the simulator of `make duo-sim`.
DUO_API_URL = env("DUO_API_URL", default="http://127.0.0.1:8090/v1")
# DUO's OIN: `doel` of every request to DUO, and the only `bron` the Notificatie API accepts.
DUO_OIN = env("DUO_OIN", default="00000001000000000001")
# Shared secret DUO sends as "Authorization: Bearer <token>" to POST /notificaties. Empty: refused (401).
DUO_NOTIFICATIE_TOKEN = env("DUO_NOTIFICATIE_TOKEN", default="")
# Behind a TLS proxy that verifies DUO's PKIoverheid certificate: the request header in which the
# proxy passes the certificate's OIN (e.g. X-Client-Cert-OIN). It must equal DUO_OIN. Empty: not used.
DUO_NOTIFICATIE_CERT_HEADER = env("DUO_NOTIFICATIE_CERT_HEADER", default="")
# Maintenance: the Notificatie API answers 503 with a Foutmelding.
DUO_NOTIFICATIE_ONDERHOUD = env.bool("DUO_NOTIFICATIE_ONDERHOUD", default=False)
# Mutual TLS to DUO: PKIoverheid client certificate and key (PEM paths) and the CA bundle. Empty: none.
DUO_CLIENT_CERT = env("DUO_CLIENT_CERT", default="")
DUO_CLIENT_KEY = env("DUO_CLIENT_KEY", default="")
DUO_CA_BUNDLE = env("DUO_CA_BUNDLE", default="")
# Seconds to wait for an answer from DUO.
DUO_TIMEOUT_SECONDS = env.float("DUO_TIMEOUT_SECONDS", default=10.0)
# Outbox retries: first wait, doubled per attempt up to the maximum (seconds); attempts before a
# melding is given up (0 = never: it waits until DUO is back).
DUO_RETRY_BASE_SECONDS = env.int("DUO_RETRY_BASE_SECONDS", default=30)
DUO_RETRY_MAX_SECONDS = env.int("DUO_RETRY_MAX_SECONDS", default=900)
DUO_MAX_POGINGEN = env.int("DUO_MAX_POGINGEN", default=0)
# Seconds between two beat sweeps of the outbox and the notifications; rows per sweep; seconds a
# claimed row may stay "being sent" before the sweep releases it (a worker that died).
DUO_SWEEP_SECONDS = env.float("DUO_SWEEP_SECONDS", default=60.0)
DUO_SWEEP_BATCH = env.int("DUO_SWEEP_BATCH", default=200)
DUO_CLAIM_SECONDS = env.int("DUO_CLAIM_SECONDS", default=300)
# DUO's OpenAPI specifications (reference data, not in this repository): contract tests and the simulator.
DUO_SPECS_DIR = env("DUO_SPECS_DIR", default=str(BASE_DIR.parent / "shared" / "duo-m2m"))
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "duo-sweep": {"task": "duo.tasks.sweep", "schedule": DUO_SWEEP_SECONDS},
    "duo-instellingen": {"task": "duo.tasks.instellingen_verversen", "schedule": 24 * 3600.0},
}
# --- end DUO exchange ----------------------------------------------------------------------------
