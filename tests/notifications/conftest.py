"""Real servers on loopback: an SMTP server (aiosmtpd) and a fake SMS brandname gateway."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture(autouse=True)
def _deadline_rules(request):
    """A transactional test elsewhere may have flushed the seeded rules and policy: restore."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if marker is not None:
        transactional = marker.kwargs.get("transaction", False) or (marker.args and marker.args[0])
        request.getfixturevalue("transactional_db" if transactional else "db")
    elif "transactional_db" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    import importlib

    from django.apps import apps

    from notifications.models import DeadlineRule, ReminderPolicy

    if DeadlineRule.objects.exists() and ReminderPolicy.objects.exists():
        return
    seed = importlib.import_module("notifications.migrations.0002_seed_deadline_rules")
    seed.forwards(apps, None)


@pytest.fixture
def smtp_server(settings):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield mailbox
    controller.stop()


class Gateway:
    """A brandname gateway: API key header, JSON body, drops a repeated request_id."""

    def __init__(self, api_key="test-key"):
        self.api_key = api_key
        self.requests = []          # every POST received
        self.delivered = {}         # request_id -> body, first accepted copy only
        self.fail_next = []         # HTTP statuses to answer before succeeding
        self.delay = 0.0
        self.lock = threading.Lock()

    def handle(self, headers, body):
        import time

        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.requests.append({"headers": dict(headers), "body": body})
            if headers.get("X-API-Key") != self.api_key:
                return 401, {"error": "bad key"}
            if self.fail_next:
                return self.fail_next.pop(0), {"error": "gateway busy"}
            request_id = body["request_id"]
            if request_id not in self.delivered:
                self.delivered[request_id] = body
            return 200, {"message_id": f"gw-{request_id}", "status": "accepted"}


def start_gateway(gateway: Gateway, port=None):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            raw_body = self.rfile.read(length)
            if len(raw_body) < length:
                # The sender died mid-request (a worker killed by a test): like a real
                # gateway, an incomplete request is no request at all.
                self.close_connection = True
                return
            body = json.loads(raw_body or b"{}")
            status, answer = gateway.handle(self.headers, body)
            raw = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port or free_port()), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def sms_gateway(settings):
    gateway = Gateway()
    server = start_gateway(gateway)
    settings.SMS_BACKEND = "http"
    settings.SMS_URL = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    settings.SMS_API_KEY = gateway.api_key
    settings.SMS_CALLBACK_SECRET = "callback-secret"
    gateway.url = settings.SMS_URL
    yield gateway
    server.shutdown()
    server.server_close()


@pytest.fixture
def without_event_notices(_deadline_rules):
    """Stories about deadline reminders count the reminder rows; the event notices their
    transitions also send (a returned proposal, …) have their own tests (test_notices.py)."""
    from notifications.models import NoticeEvent
    from notifications.notices import forget_events

    NoticeEvent.objects.update(is_active=False)
    forget_events()
