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
