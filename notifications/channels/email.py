"""Email through Django's mail backends (SMTP in production, console by default)."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from . import GatewayError


class EmailChannel:
    """One SMTP connection for a whole batch; one message per outbox row."""

    def __init__(self):
        self.connection = None

    def __enter__(self):
        self.connection = get_connection(fail_silently=False)
        return self

    def __exit__(self, *exc):
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001 — closing a broken connection must not mask the cause
            pass

    def send(self, *, key, address, subject, text, html) -> str:
        message = EmailMultiAlternatives(
            subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[address],
            connection=self.connection,
            # The outbox key as Message-ID: a resend after a crash is the same message
            # to every mail client.
            headers={"Message-ID": f"<{key}@khcn.local>", "X-KHCN-Outbox": key},
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused as exc:
            raise GatewayError(f"SMTP refused {address}: {exc}", retryable=False) from exc
        except (smtplib.SMTPException, OSError) as exc:
            # The connection may be dead: reopen it for the next message.
            self.__exit__()
            self.connection = get_connection(fail_silently=False)
            raise GatewayError(f"SMTP: {exc}") from exc
        return f"<{key}@khcn.local>"
