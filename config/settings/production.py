"""Production hardening on top of the environment-driven settings.

Use with DJANGO_SETTINGS_MODULE=config.settings.production; it passes
``manage.py check --deploy`` once DJANGO_SECRET_KEY is a real secret.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
if os.environ.get("DJANGO_SECRET_KEY") is None:
    raise RuntimeError("DJANGO_SECRET_KEY must be set in production")

# Each gunicorn worker (and Celery worker) keeps its database connection between requests,
# for ten minutes at most and checked before it is reused: a request does not pay for a new
# connection, and what the connection has prepared (config/settings: prepare_threshold)
# serves the requests after it. DJANGO_CONN_MAX_AGE=0 closes it after every request.
# (New dicts: the base settings' own are left as they are.)
DATABASES = {**DATABASES, "default": {  # noqa: F405
    **DATABASES["default"],  # noqa: F405
    "CONN_MAX_AGE": int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
    "CONN_HEALTH_CHECKS": True,
}}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# collectstatic has written the hashed, compressed files to STATIC_ROOT: serve only those.
WHITENOISE_USE_FINDERS = False

# One cache for every worker, in Redis (Django's own RedisCache backend). Django's default
# is a cache in each process: with four gunicorn workers DRF's throttle on the token door
# (10 attempts a minute) counted each worker's share apart, so a client had four times the
# bound, and a restarted worker forgot it. Sessions stay in the database: read from this
# cache instead (``cached_db``) they cost the same CPU a page (bench/page_profile.py, one
# query fewer) and a Redis outage would have logged everyone out of every page.
# DJANGO_CACHE_URL names the Redis database (db 3 on the host's Redis by default: the
# Celery broker's own database is left to it).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("DJANGO_CACHE_URL", "redis://127.0.0.1:6379/3"),
        "KEY_PREFIX": "khcn",
    },
}
