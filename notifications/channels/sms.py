"""SMS: a console backend (the log) and an HTTP brandname gateway.

Vietnamese brandname gateways (eSMS, VNPT, Viettel resellers) take a JSON POST
with an API key header, a brandname and a client request id they use to drop
duplicates; they report delivery later to a callback URL. Operational SMS go
without diacritics where the gateway requires it (SMS_STRIP_DIACRITICS), cut to
the gateway's length limit (SMS_MAX_LENGTH).
"""

import logging
import threading

import requests
from django.conf import settings
from django.utils.module_loading import import_string

from tasks_kh_cn.slugs import strip_diacritics

from . import GatewayError

logger = logging.getLogger("notifications.sms")

BACKENDS = {
    "console": "notifications.channels.sms.ConsoleSmsBackend",
    "http": "notifications.channels.sms.HttpSmsBackend",
}


def prepare_text(text: str) -> str:
    text = " ".join(text.split())
    if settings.SMS_STRIP_DIACRITICS:
        text = strip_diacritics(text)
    limit = settings.SMS_MAX_LENGTH
    if limit and len(text) > limit:
        text = text[: limit - 3].rstrip() + "..."
    return text


def get_backend():
    path = BACKENDS.get(settings.SMS_BACKEND, settings.SMS_BACKEND)
    return import_string(path)()


class ConsoleSmsBackend:
    def send(self, *, key, to, text) -> str:
        logger.info("SMS to %s [%s]: %s", to, key, text)
        return f"console-{key}"


_local = threading.local()


def _session() -> requests.Session:
    # One keep-alive session per worker thread: a batch reuses its connection.
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
        # The gateway URL is configured explicitly: skip the per-request scan of proxy
        # variables in the environment (a tenth of the time per message).
        session.trust_env = False
    return session


class HttpSmsBackend:
    def send(self, *, key, to, text) -> str:
        if not settings.SMS_URL:
            raise GatewayError("SMS_URL is not set", retryable=False)
        body = {"to": to, "brandname": settings.SMS_BRANDNAME, "message": text,
                "request_id": key}
        try:
            response = _session().post(
                settings.SMS_URL, json=body, timeout=settings.SMS_TIMEOUT,
                headers={"X-API-Key": settings.SMS_API_KEY},
            )
        except requests.RequestException as exc:
            raise GatewayError(f"SMS gateway unreachable: {exc}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise GatewayError(f"SMS gateway {response.status_code}: {response.text[:200]}")
        if response.status_code >= 400:
            raise GatewayError(f"SMS gateway refused {response.status_code}: "
                               f"{response.text[:200]}", retryable=False)
        try:
            data = response.json()
        except ValueError:
            data = {}
        return str(data.get("message_id") or key)
