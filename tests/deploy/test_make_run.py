"""Finding 10: `make run` shows demo users the product's pages, never Django's debug pages.

The server is started with the very command `make run` ends with (read from `make -n`), on a
free port, and asked over real HTTP: a missing page is the Vietnamese 404 (not the yellow page
listing every URL pattern), and the static files are served without a collectstatic step.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def make_run_server(tmp_path):
    port = free_port()
    dry_run = subprocess.run(["make", "-n", "run", f"PORT={port}"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
    command = next(line for line in dry_run.splitlines() if "manage.py runserver" in line)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "CELERY_", "DATABASE_URL", "WHITENOISE_"))}
    # A database of its own: the pages asked here need none, and the suite's stays untouched.
    env.update(DJANGO_SETTINGS_MODULE="config.settings",
               DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    server = subprocess.Popen(["sh", "-c", command], cwd=ROOT, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and its autoreloader child
        server.wait(timeout=20)


def test_make_run_shows_the_product_404_and_serves_static_files(make_run_server):
    status, html = fetch(f"{make_run_server}/khong-co-trang-nay/")
    assert status == 404
    assert "Không tìm thấy trang" in html
    assert "Using the URLconf" not in html and "DEBUG = True" not in html
    status, css = fetch(f"{make_run_server}/static/tasks_kh_cn/app.css")
    assert status == 200 and ".topbar" in css
    status, _ = fetch(f"{make_run_server}/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css")
    assert status == 200
