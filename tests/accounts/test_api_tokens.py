"""Finding 5: API tokens expire, die with the password or the account, and logout revokes them."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


NEW_PASSWORD = "Khcn-Thanh-Hoa-2026!"



def obtain(username="ent", password=PASSWORD, **kwargs):
    return APIClient().post("/api/auth/token/", {"username": username, "password": password},
                            **kwargs)


def with_token(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_token_has_an_expiry_and_is_stored_hashed(host, settings):
    response = obtain(format="json")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"}
    expiry = datetime.datetime.fromisoformat(body["expiry"])
    expected = timezone.now() + settings.REST_KNOX["TOKEN_TTL"]
    assert abs((expiry - expected).total_seconds()) < 60
    stored = AuthToken.objects.get(user=host)
    assert body["token"] not in (stored.digest, stored.token_key)
    assert with_token(body["token"]).get("/api/tasks/").status_code == 200


def test_each_login_gets_a_new_token(host):
    first, second = obtain().json()["token"], obtain().json()["token"]
    assert first != second
    assert AuthToken.objects.filter(user=host).count() == 2


def test_an_expired_token_is_refused_and_removed(host):
    token = obtain().json()["token"]
    AuthToken.objects.filter(user=host).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    response = with_token(token).get("/api/tasks/")
    assert response.status_code == 401
    assert not AuthToken.objects.filter(user=host).exists()


def test_password_changed_in_a_service_kills_the_tokens(host):
    token = obtain().json()["token"]
    host.set_password(NEW_PASSWORD)
    host.save()
    assert with_token(token).get("/api/tasks/").status_code == 401
    assert obtain().status_code == 400  # the old password is no longer accepted either
    fresh = obtain(password=NEW_PASSWORD).json()["token"]
    assert fresh != token and with_token(fresh).get("/api/tasks/").status_code == 200


def test_password_changed_on_the_password_page_kills_the_tokens(host):
    token = obtain().json()["token"]
    page = Client()
    page.force_login(host)
    response = page.post("/accounts/password_change/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert with_token(token).get("/api/tasks/").status_code == 401
    assert not AuthToken.objects.filter(user=host).exists()


def test_password_changed_in_the_admin_kills_the_tokens(host):
    token = obtain().json()["token"]
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", "r@example.vn", "pw"))
    response = admin.post(f"/admin/auth/user/{host.pk}/password/", {
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    assert with_token(token).get("/api/tasks/").status_code == 401


def test_saving_a_user_without_a_password_change_keeps_the_tokens(host):
    token = obtain().json()["token"]
    host.first_name = "Lan"
    host.save()
    assert with_token(token).get("/api/tasks/").status_code == 200


def test_deactivating_a_user_deletes_the_tokens(host):
    token = obtain().json()["token"]
    host.is_active = False
    host.save()
    assert not AuthToken.objects.filter(user=host).exists()
    host.is_active = True
    host.save()
    assert with_token(token).get("/api/tasks/").status_code == 401


def test_logout_revokes_the_callers_token_only(host):
    this, other = obtain().json()["token"], obtain().json()["token"]
    assert with_token(this).post("/api/auth/logout/").status_code == 204
    assert with_token(this).get("/api/tasks/").status_code == 401
    assert with_token(other).get("/api/tasks/").status_code == 200


def test_logoutall_revokes_every_token_of_the_caller(host, cast):
    cast.officer.set_password(PASSWORD)
    cast.officer.save()
    mine = [obtain().json()["token"] for _ in range(2)]
    officers = obtain(username="off").json()["token"]
    assert with_token(mine[0]).post("/api/auth/logoutall/").status_code == 204
    assert all(with_token(t).get("/api/tasks/").status_code == 401 for t in mine)
    assert with_token(officers).get("/api/tasks/").status_code == 200


def test_logout_without_a_token_is_a_json_401(host):
    response = APIClient().post("/api/auth/logout/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_token_endpoint_takes_form_and_json_and_answers_field_errors(host):
    assert obtain(format="json").status_code == 200
    assert obtain().status_code == 200  # multipart form, as before
    missing = APIClient().post("/api/auth/token/", {"username": "ent"}, format="json")
    assert missing.status_code == 400
    assert "password" in missing.json()["errors"]


def test_schema_builds_without_warnings_and_documents_the_token_endpoints(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--file", str(out))  # raises on a warning
    text = out.read_text()
    assert "/api/auth/logout/:" in text and "/api/auth/logoutall/:" in text
    assert "expiry:" in text


def test_token_authentication_costs_two_queries_whatever_the_number_of_tokens(host):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def token_queries(token):
        with CaptureQueriesContext(connection) as queries:
            assert with_token(token).get("/api/tasks/").status_code == 200
        return [q["sql"] for q in queries.captured_queries if "knox_authtoken" in q["sql"]]

    token = obtain().json()["token"]
    alone = token_queries(token)
    for _ in range(5):
        obtain()  # the same user on other devices
    # knox: the token row (with its user), then the user's tokens, to drop expired ones.
    assert len(alone) == len(token_queries(token)) == 2


def test_deactivating_in_the_admin_kills_the_tokens_and_is_logged(host):
    from django.contrib.admin.models import CHANGE, LogEntry

    from tests.web.admin_helpers import admin_url, change_form_data, logged_in, superuser

    token = obtain().json()["token"]
    root = superuser()
    data = change_form_data(host, root)
    data.pop("is_active", None)  # the box unticked
    response = logged_in(root).post(admin_url(host, "change"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert with_token(token).get("/api/tasks/").status_code == 401
    assert not AuthToken.objects.filter(user=host).exists()
    entry = LogEntry.objects.get(action_flag=CHANGE, object_id=str(host.pk))
    assert entry.user == root and "True → False" in entry.get_change_message()
