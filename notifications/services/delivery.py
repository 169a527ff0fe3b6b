"""Sending claimed outbox rows: render, hand to the channel, record every attempt.

A row is sent only by whoever moves it from ``queued`` to ``sending`` with a
conditional UPDATE, so a task redelivered by the broker (acks_late) or a second
worker finds nothing left to claim and sends nothing twice.
"""

import logging
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..channels import GatewayError
from ..channels.email import EmailChannel
from ..channels.sms import get_backend, prepare_text
from ..models import Attempt, Channel, Outbox, OutboxStatus
from .render import reminder_context, render_digest, render_reminder

logger = logging.getLogger("notifications.delivery")


def max_attempts() -> int:
    return settings.NOTIFICATIONS_MAX_ATTEMPTS


@dataclass
class BatchResult:
    sent: list = field(default_factory=list)
    retry: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def claim(ids, now) -> list[int]:
    """Atomically take the rows still queued and due; return the ids this caller owns."""
    if not ids:
        return []
    table = Outbox._meta.db_table
    placeholders = ", ".join(["%s"] * len(ids))
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, claimed_at = %s, attempts = attempts + 1 "
            f"WHERE id IN ({placeholders}) AND status = %s AND not_before <= %s RETURNING id",
            [OutboxStatus.SENDING, adapt(timezone.now()), *ids, OutboxStatus.QUEUED, adapt(now)],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _record(row, outcome, detail, **fields):
    with transaction.atomic():
        Outbox.objects.filter(pk=row.pk, status=OutboxStatus.SENDING).update(**fields)
        Attempt.objects.create(outbox=row, number=row.attempts, outcome=outcome, detail=detail)


def send_email(row, email) -> str:
    if row.deadline_id is None:
        subject, text, html = render_digest(row)
    else:
        subject, text, html = render_reminder(row)
    return email.send(key=row.idempotency_key, address=row.address, subject=subject,
                      text=text, html=html)


def sms_text(row) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("notifications/reminder_sms.txt", reminder_context(row))
    return prepare_text(text)


def _finish(row, result, provider_id=None, error=None):
    """Record the outcome of one attempt on its claimed row."""
    if error is None:
        _record(row, Attempt.Outcome.SENT, provider_id, status=OutboxStatus.SENT,
                sent_at=timezone.now(), provider_message_id=provider_id[:128])
        result.sent.append(row.pk)
        return
    final = not error.retryable or row.attempts >= max_attempts()
    _record(row, Attempt.Outcome.ERROR, str(error)[:2000],
            status=OutboxStatus.FAILED if final else OutboxStatus.QUEUED,
            claimed_at=None, last_error=str(error)[:2000])
    (result.failed if final else result.retry).append(row.pk)
    logger.warning("outbox %s attempt %s failed: %s", row.pk, row.attempts, error)


def send_batch(ids, now=None) -> BatchResult:
    """Claim and send one batch; rows that failed retryably go back to the queue.

    Emails go one after another over one SMTP connection. SMS go through a few
    threads (NOTIFICATIONS_SMS_CONCURRENCY), since the gateway's round trip is most
    of their cost; only those threads talk to the gateway, and every outcome is
    recorded from this thread as it arrives.
    """
    now = now or timezone.now()
    result = BatchResult()
    owned = claim(ids, now)
    if not owned:
        return result
    rows = list(Outbox.objects.filter(pk__in=owned).select_related(
        "deadline__case", "recipient").order_by("id"))
    sms_rows = [r for r in rows if r.channel == Channel.SMS and r.deadline_id is not None]
    email_rows = [r for r in rows if r not in sms_rows]
    with _relaxed_commit():
        if email_rows:
            with EmailChannel() as email:
                for row in email_rows:
                    try:
                        _finish(row, result, provider_id=send_email(row, email))
                    except GatewayError as exc:
                        _finish(row, result, error=exc)
        if sms_rows:
            _send_sms(sms_rows, result)
    return result


def _send_sms(rows, result):
    """At most N messages are ever sent but not yet recorded (N = the thread count):
    a new one is handed out only when an outcome has been written. A worker killed
    mid-batch thus leaves at most N rows whose fate is unknown, and those are resent
    with the same idempotency key, which the gateway drops."""
    backend = get_backend()
    pending = [(row, sms_text(row)) for row in rows]
    pending.reverse()
    workers = max(1, settings.NOTIFICATIONS_SMS_CONCURRENCY)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sms") as pool:
        in_flight = {}
        while pending or in_flight:
            while pending and len(in_flight) < workers:
                row, text = pending.pop()
                in_flight[pool.submit(backend.send, key=row.idempotency_key, to=row.address,
                                      text=text)] = row
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                row = in_flight.pop(future)
                try:
                    _finish(row, result, provider_id=future.result())
                except GatewayError as exc:
                    _finish(row, result, error=exc)


@contextmanager
def _relaxed_commit():
    """Record attempts without waiting for the WAL flush of each commit (PostgreSQL).

    A crash of the *worker* loses nothing committed. Only a crash of the database
    server could lose the last fraction of a second of records; those rows then stay
    "sending", go back to the queue after the claim lease, and are resent with the same
    idempotency key (the SMS gateway drops the repeat). In exchange a batch no longer
    waits for one fsync per message (about 2 ms each).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def backoff_seconds(retries: int) -> int:
    """Exponential backoff for gateway errors: 30 s, 60 s, 120 s … capped at one hour."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    return min(3600.0, base * (2 ** retries))


