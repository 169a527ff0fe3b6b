"""Finding 5: thirty wrong passwords, then the right one, must not log in (page or API)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db



def test_lockout_is_on_in_the_settings_every_environment_starts_from():
    # The tests run with config.settings, which production imports unchanged on this point.
    assert django_settings.AXES_ENABLED is True
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert "axes.backends.AxesStandaloneBackend" == django_settings.AUTHENTICATION_BACKENDS[0]


def test_thirty_wrong_passwords_then_the_right_one_on_the_login_page(host):
    page = Client()
    codes = [page.post("/accounts/login/", {"username": "ent", "password": f"sai{i}"}).status_code
             for i in range(30)]
    assert codes[:4] == [200] * 4  # the form again, with its error
    assert set(codes[4:]) == {429}
    response = page.post("/accounts/login/", {"username": "ent", "password": PASSWORD})
    assert response.status_code == 429
    text = response.content.decode()
    assert "Tạm khoá đăng nhập" in text and "15 phút" in text and "<html" in text
    assert "_auth_user_id" not in page.session


def test_lockout_page_speaks_english_too(host):
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    for i in range(5):
        page.post("/accounts/login/", {"username": "ent", "password": f"sai{i}"})
    response = page.post("/accounts/login/", {"username": "ent", "password": PASSWORD})
    assert response.status_code == 429
    assert "too many" in response.content.decode().lower()


def test_thirty_wrong_passwords_then_the_right_one_on_the_token_endpoint(host):
    api = APIClient()
    codes = []
    for i in range(30):
        codes.append(api.post("/api/auth/token/", {"username": "ent", "password": f"sai{i}"},
                              format="json").status_code)
        cache.clear()  # a patient attacker waits out DRF's per-minute throttle: axes must hold
    assert codes[:4] == [400] * 4 and set(codes[4:]) == {429}  # the fifth failure locks
    response = api.post("/api/auth/token/", {"username": "ent", "password": PASSWORD},
                        format="json")
    assert response.status_code == 429
    assert "15 phút" in response.json()["detail"]
    assert not AuthToken.objects.filter(user=host).exists()


def test_the_lock_lifts_after_the_cool_off(host):
    api = APIClient()
    for i in range(5):
        api.post("/api/auth/token/", {"username": "ent", "password": f"sai{i}"})
    assert api.post("/api/auth/token/", {"username": "ent", "password": PASSWORD}).status_code == 429
    cache.clear()
    # Sixteen minutes later (moved in the database, not slept).
    earlier = datetime.timedelta(minutes=16)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= earlier
        attempt.save(update_fields=["attempt_time"])
    response = api.post("/api/auth/token/", {"username": "ent", "password": PASSWORD})
    assert response.status_code == 200 and response.json()["token"]


def test_another_user_from_the_same_address_is_not_locked(host, cast):
    cast.officer.set_password(PASSWORD)
    cast.officer.save()
    api = APIClient()
    for i in range(5):
        api.post("/api/auth/token/", {"username": "ent", "password": f"sai{i}"})
    cache.clear()
    assert api.post("/api/auth/token/", {"username": "off", "password": PASSWORD}).status_code == 200


def test_the_token_endpoint_is_throttled_per_client(host):
    api = APIClient()
    codes = [api.post("/api/auth/token/", {"username": f"u{i}", "password": "x"}).status_code
             for i in range(11)]
    assert codes[:10] == [400] * 10
    assert codes[10] == 429
    assert api.post("/api/auth/token/", {"username": "ent", "password": PASSWORD}).status_code == 429


def test_a_forged_forwarded_for_header_does_not_escape_the_throttle(host):
    api = APIClient()
    codes = [api.post("/api/auth/token/", {"username": f"u{i}", "password": "x"},
                      HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(11)]
    assert codes[-1] == 429
