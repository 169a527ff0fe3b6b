"""Finding 4 (last sentence) and 10: every API error is JSON, a 5xx included.

The outage is real: a Django process whose DATABASE_URL names a port nobody listens on,
asked through its full middleware stack, not a mocked cursor.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_an_unknown_api_url_is_a_json_404(client):
    response = client.get("/api/khong-co/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy."}
    english = client.get("/api/no/such/thing/", headers={"accept-language": "en"})
    assert english.json() == {"detail": "Not found."}


def test_an_unknown_page_outside_the_api_stays_html(client):
    response = client.get("/khong-co/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.urls("tests.deploy.urls")
def test_an_unhandled_exception_under_the_api_is_a_json_500():
    client = Client(raise_request_exception=False)
    response = client.get("/api/boom/", headers={"accept-language": "en"})
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "System error. Please try again in a few minutes."}


def closed_port() -> int:
    """A loopback port with nothing listening on it (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


OUTAGE_SCRIPT = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
for name, path, headers in [
    ("api_vi", "/api/tasks/", {"authorization": "Token 0123456789abcdef"}),
    ("api_en", "/api/tasks/", {"authorization": "Token 0123456789abcdef", "accept-language": "en"}),
    ("page", "/", {"cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}),
]:
    r = client.get(path, headers=headers)
    answers[name] = {"status": r.status_code, "type": r["Content-Type"],
                     "retry": r.get("Retry-After"), "body": r.content.decode()}
print(json.dumps(answers))
"""


def test_a_database_outage_under_the_api_is_a_json_503():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="0",
               DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/khcn_outage")
    done = subprocess.run([sys.executable, "-c", OUTAGE_SCRIPT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    # The error log names the real cause: psycopg could not connect.
    assert "OperationalError" in done.stderr

    vi, en, page = answers["api_vi"], answers["api_en"], answers["page"]
    assert (vi["status"], vi["type"], vi["retry"]) == (503, "application/json", "30")
    assert json.loads(vi["body"]) == {
        "detail": "Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau."}
    assert json.loads(en["body"]) == {
        "detail": "The database is temporarily unreachable. Please try again later."}
    # A page stays a page: the Vietnamese 500, no traceback.
    assert page["status"] == 500 and page["type"].startswith("text/html")
    assert "Đã có lỗi xảy ra" in page["body"] and "Traceback" not in page["body"]
