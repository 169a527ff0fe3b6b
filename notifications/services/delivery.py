"""Sending claimed outbox rows: render, hand to the channel, record every attempt.

A row is sent only by whoever moves it from ``queued`` to ``sending`` with a
conditional UPDATE, so a task redelivered by the broker (acks_late) or a second
worker finds nothing left to claim and sends nothing twice. The claim is a lease,
renewed while the batch runs (``Lease``), so only a dead worker's rows are taken back.
"""

import datetime
import logging
import time
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
from ..models import Attempt, Channel, Outbox
from ..models.outbox_states import new_claim_token
from .lost import NOTICE_STEP
from .render import (
    notice_context,
    reminder_context,
    render_digest,
    render_event_notice,
    render_notice,
    render_reminder,
)

logger = logging.getLogger("notifications.delivery")


def max_attempts() -> int:
    return settings.NOTIFICATIONS_MAX_ATTEMPTS


@dataclass
class BatchResult:
    sent: list = field(default_factory=list)
    retry: list = field(default_factory=list)
    failed: list = field(default_factory=list)


class Lease:
    """The claim on one batch, renewed while the batch is being sent.

    A row is handed to a channel only while this claim is fresh: renewed less than a
    third of ``NOTIFICATIONS_CLAIM_LEASE`` ago. One send lasts at most the channel's
    timeout (SMS_TIMEOUT, EMAIL_TIMEOUT, well under two thirds of the lease), so a live
    worker's send always ends before anyone may take its rows back; see the README.
    """

    def __init__(self, ids, now):
        self.token = new_claim_token()
        self.owned = set(Outbox.objects.claim(ids, now, self.token))
        self.renewed = time.monotonic()
        self.every = settings.NOTIFICATIONS_CLAIM_LEASE / 3

    def holds(self, pk) -> bool:
        """True while ``pk`` is still ours; renews the claim of the rest first when due."""
        if time.monotonic() - self.renewed >= self.every:
            # The rows already recorded left "sending"; only the pending ones are renewed.
            self.owned = Outbox.objects.renew(self.owned, self.token, timezone.now())
            self.renewed = time.monotonic()
        return pk in self.owned


def claim(ids, now) -> list[int]:
    """Claim without sending (tests and tools): the ids this caller now owns."""
    return sorted(Outbox.objects.claim(ids, now, new_claim_token()))


def _record(row, lease, outcome, detail, transition, **fields):
    with transaction.atomic():
        moved = transition(row.pk, lease.token, **fields)
        Attempt.objects.create(outbox=row, number=row.attempts, outcome=outcome, detail=detail)
    lease.owned.discard(row.pk)
    return moved


def send_email(row, email) -> str:
    if row.notice_id is not None:
        subject, text, html = render_event_notice(row)
    elif row.deadline_id is None:
        subject, text, html = render_digest(row)
    elif row.step == NOTICE_STEP:
        subject, text, html = render_notice(row)
    else:
        subject, text, html = render_reminder(row)
    return email.send(key=row.idempotency_key, address=row.address, subject=subject,
                      text=text, html=html)


def sms_text(row) -> str:
    if row.notice_id is not None:
        return prepare_text(row.notice.sms_vi or row.notice.subject_vi)
    with translation.override(settings.LANGUAGE_CODE):
        if row.step == NOTICE_STEP:
            text = render_to_string("notifications/undelivered_sms.txt", notice_context(row))
        else:
            text = render_to_string("notifications/reminder_sms.txt", reminder_context(row))
    return prepare_text(text)


def _finish(row, lease, result, now, provider_id=None, error=None):
    """Record the outcome of one attempt on its claimed row."""
    if error is None:
        _record(row, lease, Attempt.Outcome.SENT, provider_id, Outbox.objects.mark_sent,
                provider_id=provider_id, at=timezone.now())
        result.sent.append(row.pk)
        return
    final = not error.retryable or row.attempts >= max_attempts()
    # Quick retries used up on a retryable error: the slow schedule takes over
    # (NOTIFICATIONS_SLOW_RETRY_SECONDS) until the sweep gives the row up.
    retry_at = slow_retry_at(now) if final and error.retryable else None
    _record(row, lease, Attempt.Outcome.ERROR, str(error)[:2000], Outbox.objects.mark_error,
            error=str(error), final=final, retry_at=retry_at)
    (result.failed if final else result.retry).append(row.pk)
    logger.warning("outbox %s attempt %s failed: %s", row.pk, row.attempts, error)


def slow_retry_at(now):
    return now + datetime.timedelta(seconds=settings.NOTIFICATIONS_SLOW_RETRY_SECONDS)


def send_batch(ids, now=None) -> BatchResult:
    """Claim and send one batch; rows that failed retryably go back to the queue.

    Emails go one after another over one SMTP connection. SMS go through a few
    threads (NOTIFICATIONS_SMS_CONCURRENCY), since the gateway's round trip is most
    of their cost; only those threads talk to the gateway, and every outcome is
    recorded from this thread as it arrives.
    """
    now = now or timezone.now()
    result = BatchResult()
    lease = Lease(ids, now)
    if not lease.owned:
        return result
    rows = list(Outbox.objects.filter(pk__in=lease.owned).select_related(
        "deadline__case", "recipient", "notice").order_by("id"))
    sms_rows = [r for r in rows if r.channel == Channel.SMS]
    email_rows = [r for r in rows if r not in sms_rows]
    with _relaxed_commit():
        if email_rows:
            with EmailChannel() as email:
                for row in email_rows:
                    if not lease.holds(row.pk):
                        continue
                    try:
                        _finish(row, lease, result, now, provider_id=send_email(row, email))
                    except GatewayError as exc:
                        _finish(row, lease, result, now, error=exc)
        if sms_rows:
            _send_sms(sms_rows, lease, result, now)
    return result


def _send_sms(rows, lease, result, now):
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
                if not lease.holds(row.pk):
                    continue
                in_flight[pool.submit(backend.send, key=row.idempotency_key, to=row.address,
                                      text=text)] = row
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                row = in_flight.pop(future)
                try:
                    _finish(row, lease, result, now, provider_id=future.result())
                except GatewayError as exc:
                    _finish(row, lease, result, now, error=exc)


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


