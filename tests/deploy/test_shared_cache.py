"""Production's cache is one Redis for every worker, so the token door's throttle counts a
client's attempts across the workers.

Django's default cache lives in each process: under gunicorn's four workers the bound of
10 attempts a minute (``API_TOKEN_RATE``) was 10 per worker, and a restarted worker forgot
it. Two processes with the production settings stand for two workers here.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE_URL = "redis://127.0.0.1:6379/14"

# One worker: the client at 10.1.2.3 asks the token door N times; prints what the throttle
# answered each time (1 let through, 0 refused), through DRF's own ScopedRateThrottle on the
# real view.
WORKER = """
import sys
import django
django.setup()
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIRequestFactory
from tasks_kh_cn.api.auth import TokenView
factory = APIRequestFactory()
view = TokenView()
answers = []
for _ in range(int(sys.argv[1])):
    request = factory.post("/api/auth/token/", REMOTE_ADDR="10.1.2.3")
    request.user = AnonymousUser()  # as the view's (empty) authentication leaves it
    answers.append(str(int(all(throttle.allow_request(request, view)
                                for throttle in view.get_throttles()))))
print("".join(answers))
"""


def production_env(**extra) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "test-only-key-" + "x" * 40, "DJANGO_CACHE_URL": CACHE_URL,
            "API_TOKEN_RATE": "10/minute", **extra}


def worker(attempts: int) -> str:
    done = subprocess.run([sys.executable, "-c", WORKER, str(attempts)], cwd=ROOT,
                          env=production_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def empty_cache():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(CACHE_URL)
    try:
        client.flushdb()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    yield
    client.flushdb()


def test_production_caches_in_redis():
    code = ("from django.conf import settings; c = settings.CACHES['default']; "
            "print(c['BACKEND'], c['LOCATION'])")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60,
                          env=production_env(DJANGO_CACHE_URL="redis://cache.internal:6379/5"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["django.core.cache.backends.redis.RedisCache",
                                   "redis://cache.internal:6379/5"]


def test_two_workers_share_the_token_doors_bound(empty_cache):
    # Six attempts in one worker, then six in another: the bound is ten for the client, so
    # the second worker lets four through and refuses the last two.
    assert worker(6) == "111111"
    assert worker(6) == "111100"
