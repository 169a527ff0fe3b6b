"""Settings read from the environment (see CONTRACT.md's configuration table).

Defaults are for development: SQLite in the project, tasks in-process, mail and
SMS written to the console. ``config.settings.production`` hardens them.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-development-only-key-change-me-in-production"
)
DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "drf_spectacular",
    "django_filters",
    "guardian",
    "django_celery_beat",
    "viewflow",
    "viewflow.workflow",
    "tasks_kh_cn",
    "tasks_kh_cn.support",
    "tasks_kh_cn.pilots",
    "tasks_kh_cn.plan",
    "tasks_kh_cn.changes",
    "tasks_kh_cn.councils",
    "tasks_kh_cn.funding",
    "workflows",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tasks_kh_cn.uploads.RefusedUploadMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes documents: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (tests, runserver) write to one file: wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Write-ahead log, synced at checkpoints rather than at each commit: the demo's seeding
    # commits ~500 transactions, and an fsync each made a third of its time. The database
    # stays consistent after a crash (the last commits may be lost, which a local demo or
    # development database can afford); production runs on PostgreSQL.
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    # The planner's default (4.0) prices a random page read as on a spinning disk: at
    # 100,000 cases it then reads every case rather than the ~1,000 of one officer in a
    # status through case_officer_status (bench/pages.py: 68 ms → 5 ms for the list's
    # count). 1.1 is PostgreSQL's advice for SSDs and cached data; a server whose database
    # lives on spinning disks sets DJANGO_PG_RANDOM_PAGE_COST=4.
    #
    # cursor_tuple_fraction 1: the app opens a server-side cursor (QuerySet.iterator()) only
    # to export a whole list to Excel (tasks_kh_cn/xlsx.py) and reads every row of it; and
    # Django's cursors outside a transaction are WITH HOLD, computed whole before the first
    # fetch. PostgreSQL's default (0.1) planned such a cursor for its first rows: for an
    # officer's 10,000 cases of 100,000 it walked the newest-first index through all of them,
    # 85 ms against 48 ms for the officer's index and a sort (README, Benchmarks, 2026-12-07).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options",
        f"-c random_page_cost={float(os.environ.get('DJANGO_PG_RANDOM_PAGE_COST', '1.1'))}"
        " -c cursor_tuple_fraction=1")
    # Parameters bound by the server, not spliced into the SQL text in Python, so that a
    # statement a connection runs again and again (the session's user, a case's lock, the
    # history insert …) is prepared once (psycopg: after DJANGO_PG_PREPARE_THRESHOLD runs on
    # that connection) and then neither parsed nor planned again. bench/transitions.py:
    # +15–33% transitions/s in alternating runs; bench/page_profile.py: the case page's
    # database time 5.6 → 1.3 ms (README, Benchmarks). Behind a pooler in transaction mode
    # without prepared-statement support (PgBouncer before 1.21), set
    # DJANGO_PG_PREPARE_THRESHOLD=off.
    DATABASES["default"]["OPTIONS"].setdefault(
        "server_side_binding", env_bool("DJANGO_PG_SERVER_SIDE_BINDING", True))
    _threshold = os.environ.get("DJANGO_PG_PREPARE_THRESHOLD", "5").strip().lower()
    DATABASES["default"]["OPTIONS"].setdefault(
        "prepare_threshold", None if _threshold in ("", "off", "none") else int(_threshold))
# The council flows take a real lock on PostgreSQL only; SQLite serialises writers itself
# (workflows/councils/base.py), so viewflow's warning about no_lock does not apply there.
SILENCED_SYSTEM_CHECKS = [] if IS_POSTGRES else ["viewflow.W001"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username+IP before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend reading the profile with the user and the permissions with the
    # roles (one query fewer each, on every page).
    "tasks_kh_cn.auth_backend.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Not a check: its password_changed() hook, which Django calls from User.save() after any
    # set_password(), revokes the user's API tokens.
    {"NAME": "tasks_kh_cn.accounts.RevokeTokensOnPasswordChange"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first: the default language, English through the switcher.
LANGUAGE_CODE = "vi"
# Each language is named in itself in the switcher.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Numbers and dates by the active language (Vietnamese 1.234.567,5; English 1,234,567.5).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Dossier attachments.
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A file over DOCUMENT_MAX_BYTES is refused while it streams in (tasks_kh_cn/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "tasks_kh_cn.uploads.DocumentSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Scoped: only views that name a throttle_scope are throttled (POST /api/auth/token/).
    "DEFAULT_THROTTLE_RATES": {"auth_token": os.environ.get("API_TOKEN_RATE", "10/minute")},
    # The client is REMOTE_ADDR (a client-sent X-Forwarded-For is not believed); behind nginx,
    # DJANGO_NUM_PROXIES=1 takes the address nginx appended.
    "NUM_PROXIES": int(os.environ.get("DJANGO_NUM_PROXIES", "0")),
    # No undeclared ?format= on every endpoint: clients negotiate with the Accept header,
    # and every query parameter the API reads is in its schema (tests/api/test_declared_params).
    "URL_FORMAT_OVERRIDE": None,
}

# API tokens (django-rest-knox): stored hashed, sent as "Authorization: Token …", valid for
# API_TOKEN_TTL_HOURS; a password change, a deactivation or POST /api/auth/logout/ ends them.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=float(os.environ.get("API_TOKEN_TTL_HOURS", "10"))),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": None,
    "AUTO_REFRESH": False,
}

# Login lockout (django-axes) for /accounts/login/, /admin/ and /api/auth/token/:
# AXES_FAILURE_LIMIT wrong passwords for one username from one IP lock that pair out for
# AXES_COOLOFF_MINUTES; a successful login resets the count.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The page (or JSON for the API) that says so, in the user's language.
AXES_LOCKOUT_CALLABLE = "tasks_kh_cn.accounts.lockout_response"
SPECTACULAR_SETTINGS = {
    "TITLE": "KH&CN Tasks API",
    "DESCRIPTION": "Provincial science and technology tasks, from proposal to recognised result.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "tasks_kh_cn.models.cases.CaseKind",
        "DocumentKindEnum": "tasks_kh_cn.models.documents.DocumentKind",
        "CaseStatusEnum": "workflows.lifecycle.Status",
        "CouncilStatusEnum": "tasks_kh_cn.councils.models.council.CouncilStatus",
        "BallotStatusEnum": "tasks_kh_cn.councils.models.ballots.BallotStatus",
        "MilestoneStatusEnum": "tasks_kh_cn.pilots.models.MilestoneStatus",
        "DeadlineStatusEnum": "notifications.models.deadlines.DeadlineStatus",
    },
}

# Celery: without a broker, tasks run in-process so the product needs no services.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"


def _email_settings(url: str | None) -> dict:
    """EMAIL_URL like smtp://user:pass@host:587?tls=1 (or smtps://, console://)."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parsed = urlparse(url)
    if parsed.scheme in {"console", ""}:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme in {"locmem", "memory"}:
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    query = dict(part.split("=", 1) for part in parsed.query.split("&") if "=" in part)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "127.0.0.1",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", "0") in {"1", "true"},
        "EMAIL_TIMEOUT": 20,
    }


globals().update(_email_settings(os.environ.get("EMAIL_URL")))
if os.environ.get("EMAIL_HOST") and not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "KH&CN Thanh Hóa <no-reply@localhost>")

# SMS: console (writes to the log) or an HTTP brandname gateway.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "console")
SMS_URL = os.environ.get("SMS_URL", "")
SMS_API_KEY = os.environ.get("SMS_API_KEY", "")
SMS_CALLBACK_SECRET = os.environ.get("SMS_CALLBACK_SECRET", "")
SMS_BRANDNAME = os.environ.get("SMS_BRANDNAME", "SOKHCN-TH")
SMS_STRIP_DIACRITICS = env_bool("SMS_STRIP_DIACRITICS", True)
SMS_MAX_LENGTH = int(os.environ.get("SMS_MAX_LENGTH", "160"))
SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT", "10"))

# Reminders (notifications app): batch size per Celery task, how long a claimed row may stay
# "sending" before a sweep puts it back, when a queued row is handed to the broker again,
# retry backoff base and attempts per message, an optional dedicated queue, and how many
# SMS of a batch are in flight to the gateway at once.
NOTIFICATIONS_BATCH_SIZE = int(os.environ.get("NOTIFICATIONS_BATCH_SIZE", "200"))
# A live worker renews its claim every third of the lease; a dead one's rows come back after it.
NOTIFICATIONS_CLAIM_LEASE = int(os.environ.get("NOTIFICATIONS_CLAIM_LEASE", "150"))
NOTIFICATIONS_REDISPATCH_AFTER = int(os.environ.get("NOTIFICATIONS_REDISPATCH_AFTER", "900"))
NOTIFICATIONS_RETRY_BASE_SECONDS = float(os.environ.get("NOTIFICATIONS_RETRY_BASE_SECONDS", "30"))
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "5"))
# After the quick attempts: one try every SLOW_RETRY seconds until GIVE_UP_AFTER_DAYS past due.
NOTIFICATIONS_SLOW_RETRY_SECONDS = int(os.environ.get("NOTIFICATIONS_SLOW_RETRY_SECONDS", "1200"))
NOTIFICATIONS_GIVE_UP_AFTER_DAYS = int(os.environ.get("NOTIFICATIONS_GIVE_UP_AFTER_DAYS", "3"))
NOTIFICATIONS_QUEUE = os.environ.get("NOTIFICATIONS_QUEUE") or None
NOTIFICATIONS_SMS_CONCURRENCY = int(os.environ.get("NOTIFICATIONS_SMS_CONCURRENCY", "4"))

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Deploy: static files, the Content-Security-Policy, offline API docs (issue 9).
# Static files come from the apps except viewflow's unused Material front end
# (config/staticfiles.py). WhiteNoise serves them straight from the finders, so `make run`
# can run with DEBUG off and no collectstatic step; production serves STATIC_ROOT instead.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "config.staticfiles.ProjectAppDirectoriesFinder",
]
STATICFILES_EXCLUDED_APPS = ["viewflow"]
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
# Swagger UI from drf-spectacular-sidecar's static files, never from a CDN.
INSTALLED_APPS += ["drf_spectacular_sidecar"]
SPECTACULAR_SETTINGS.update({
    "SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR", "REDOC_DIST": "SIDECAR",
})
# django-csp 4: every script and style from our own origin; no inline code anywhere (the
# templates' behaviours live in tasks_kh_cn/app.js). data: images for Swagger UI's icons.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
