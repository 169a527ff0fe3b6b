"""The Celery application.

Without CELERY_BROKER_URL the tasks run in-process (``task_always_eager``), so a
newcomer needs no broker; with it, a worker and beat run as separate services.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("khcn")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
