"""The reminder sweep: find due reminder steps, write the outbox, hand batches to workers.

Runs every 5 minutes from Celery beat and from ``manage.py send_reminders``; its
recovery half (``recover_and_dispatch``) runs every minute. It is safe to run twice
at once: rows are inserted with ON CONFLICT DO NOTHING against
the outbox's unique key, and a row is sent only by the worker that claims it.
"""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field

import kombu.exceptions
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..models import Channel, Deadline, DeadlineStatus, Outbox, OutboxStatus, ReminderPolicy
from .lost import give_up_expired
from .recipients import RecipientResolver, addresses

# What a Celery publish raises when the broker is down (kombu wraps the transport's errors).
BROKER_ERRORS = (kombu.exceptions.OperationalError, ConnectionError, OSError)

INSERT_CHUNK = 1000
COLUMNS = ("deadline_id", "step", "due_on", "recipient_id", "channel", "address", "escalation",
           "status", "not_before", "attempts", "provider_message_id", "last_error", "created_at")


@dataclass
class RecoveryResult:
    released: int = 0
    retried: int = 0
    given_up: int = 0
    notices: int = 0

    @property
    def as_text(self) -> str:
        # Only what happened: an ordinary sweep prints the four counts it always did.
        return " ".join(f"{k}={v}" for k, v in vars(self).items() if v)


@dataclass
class SweepResult:
    candidates: int = 0
    queued: int = 0
    skipped: int = 0
    sent: int = 0
    dispatched: int = 0
    recovery: RecoveryResult = field(default_factory=RecoveryResult)

    @property
    def as_text(self) -> str:
        text = (f"queued={self.queued} sent={self.sent} skipped={self.skipped} "
                f"dispatched={self.dispatched}")
        return f"{text} {self.recovery.as_text}".strip()


def batch_size() -> int:
    return settings.NOTIFICATIONS_BATCH_SIZE


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def due_steps(policy, now) -> dict[datetime.date, list]:
    """{due date: [steps firing now]}: a step fires at send_time on due date + offset and
    stays due for ``grace_hours``; a step missed for longer is not sent late."""
    today = timezone.localdate(now)
    grace = datetime.timedelta(hours=policy.grace_hours)
    by_due = defaultdict(list)
    for step in policy.steps.all():
        for back in range(0, grace.days + 2):
            fire_day = today - datetime.timedelta(days=back)
            fire_at = _at(fire_day, policy.send_time)
            if fire_at <= now < fire_at + grace:
                by_due[fire_day - datetime.timedelta(days=step.offset_days)].append(step)
    return by_due


def in_quiet_hours(policy, now) -> bool:
    local = timezone.localtime(now).time()
    if policy.quiet_start > policy.quiet_end:  # spans midnight: 21:00–07:00
        return local >= policy.quiet_start or local < policy.quiet_end
    return policy.quiet_start <= local < policy.quiet_end


def quiet_release(policy, now) -> datetime.datetime:
    """SMS are held until the end of the quiet hours (07:00 Asia/Ho_Chi_Minh)."""
    if not in_quiet_hours(policy, now):
        return now
    local = timezone.localtime(now)
    day = local.date() if local.time() < policy.quiet_end else local.date() + datetime.timedelta(1)
    return _at(day, policy.quiet_end)


def candidate_rows(policy, now):
    """The outbox rows the current steps call for (before de-duplication)."""
    by_due = due_steps(policy, now)
    if not by_due:
        return []
    deadlines = list(
        Deadline.objects.filter(status=DeadlineStatus.OPEN, due_on__in=list(by_due))
        .values("id", "due_on", "owed_by_role", "owed_by_user_id", "case__host_id",
                "case__assigned_officer_id")
    )
    resolver = RecipientResolver(deadlines)
    wanted = []
    user_ids = set()
    for row in deadlines:
        for step in by_due[row["due_on"]]:
            users = [(u, False) for u in resolver.owing(row)]
            if step.escalate:
                users += [(u, True) for u in resolver.escalation(row)]
            seen = set()
            for user_id, escalation in users:
                if user_id in seen:
                    continue
                seen.add(user_id)
                user_ids.add(user_id)
                wanted.append((row, step, user_id, escalation))
    contacts = addresses(user_ids)
    sms_from = quiet_release(policy, now)
    rows = []
    for row, step, user_id, escalation in wanted:
        for channel, address in contacts.get(user_id, {}).items():
            not_before = sms_from if channel == Channel.SMS else now
            rows.append((row["id"], step.code, row["due_on"], user_id, channel, address,
                         escalation, OutboxStatus.QUEUED, not_before, 0, "", "", now))
    return rows


def insert_outbox(rows) -> int:
    """INSERT … ON CONFLICT DO NOTHING in chunks; return how many rows were new."""
    table = Outbox._meta.db_table
    inserted = 0
    one = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_CHUNK):
            chunk = rows[start:start + INSERT_CHUNK]
            sql = (f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES "
                   f"{', '.join([one] * len(chunk))} ON CONFLICT DO NOTHING RETURNING id")
            params = [_adapt(v) for r in chunk for v in r]
            cursor.execute(sql, params)
            inserted += len(cursor.fetchall())
    return inserted


def _adapt(value):
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def count_existing(rows) -> int:
    keys = {(r[0], r[1], r[2], r[3], r[4]) for r in rows}
    ids = {r[0] for r in rows}
    existing = 0
    for start in range(0, len(ids), 5000):
        chunk = list(ids)[start:start + 5000]
        for key in Outbox.objects.filter(deadline_id__in=chunk).values_list(
                "deadline_id", "step", "due_on", "recipient_id", "channel"):
            existing += key in keys
    return existing


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATIONS_CLAIM_LEASE)


def recover(now, policy=None) -> RecoveryResult:
    """Bring back what a dead worker, a long outage or a gateway left behind.

    - ``sending`` rows whose lease ran out (measured on the real clock: the lease is
      about a live process, not the simulated ``now``) go back to the queue;
    - ``failed`` rows whose slow retry is due go back to the queue;
    - ``failed`` rows long past their deadline are given up, and the officer told once.
    Runs inside the caller's transaction; the caller dispatches the ready rows after it.
    """
    result = RecoveryResult()
    result.released = Outbox.objects.release_expired(timezone.now(), lease())
    sms_from = quiet_release(policy, now) if policy else now
    # Give up before retrying: a row past the horizon must not be put back in the queue.
    result.given_up, result.notices = give_up_expired(now, sms_from=sms_from,
                                                      insert=insert_outbox)
    result.retried = Outbox.objects.retry_due(now, sms_from=sms_from)
    return result


def ready_ids(now) -> list[int]:
    """Queued rows that may go now and are not already waiting in the broker."""
    redispatch = datetime.timedelta(seconds=settings.NOTIFICATIONS_REDISPATCH_AFTER)
    qs = Outbox.objects.filter(status=OutboxStatus.QUEUED, not_before__lte=now).exclude(
        dispatched_at__gt=now - redispatch)
    ids = list(qs.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), 10000):
        Outbox.objects.stamp_dispatched(ids[start:start + 10000], now)
    return ids


class BrokerUnavailable(Exception):
    """The broker refused the batches; their rows are ready again for the next sweep."""


def dispatch(ids, now) -> int:
    """One Celery task per batch of outbox ids. Call it once the rows are committed.

    If the broker cannot be reached, the batches not handed over lose their dispatch
    stamp (so the next sweep sends them at once, not NOTIFICATIONS_REDISPATCH_AFTER
    later) and BrokerUnavailable says so in one line.
    """
    # A real cycle: the Celery task module runs the sweep, and the sweep enqueues its task.
    from ..tasks import send_batch

    size = batch_size()
    batches = [ids[i:i + size] for i in range(0, len(ids), size)]
    options = {"queue": settings.NOTIFICATIONS_QUEUE} if settings.NOTIFICATIONS_QUEUE else {}
    for number, batch in enumerate(batches):
        try:
            send_batch.apply_async((batch, now.isoformat()), **options)
        except BROKER_ERRORS as exc:
            undispatched = [i for b in batches[number:] for i in b]
            Outbox.objects.unstamp_dispatched(undispatched)
            raise BrokerUnavailable(
                f"broker unreachable ({type(exc).__name__}): {len(undispatched)} reminders "
                f"stay queued for the next sweep") from exc
    return len(batches)


def dispatch_on_commit(ids, now):
    """After the commit, so that a worker finds the rows; a BrokerUnavailable raised
    then reaches the caller of the outermost atomic block (the command prints it)."""
    if ids:
        transaction.on_commit(functools.partial(dispatch, ids, now))


def recover_and_dispatch(*, now=None) -> SweepResult:
    """The minute-by-minute part of the sweep: recovery and dispatch, no new reminders."""
    now = now or timezone.now()
    result = SweepResult()
    with transaction.atomic():
        result.recovery = recover(now, ReminderPolicy.active())
        ids = ready_ids(now)
        result.dispatched = len(ids)
        dispatch_on_commit(ids, now)
    return result


def run_sweep(*, now=None, dry_run=False) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    policy = ReminderPolicy.active()
    if policy is None:
        return result if dry_run else recover_and_dispatch(now=now)
    if dry_run:
        rows = candidate_rows(policy, now)
        result.candidates = len(rows)
        result.skipped = count_existing(rows)
        result.queued = result.candidates - result.skipped
        return result
    with transaction.atomic():
        rows = candidate_rows(policy, now)
        result.candidates = len(rows)
        result.queued = insert_outbox(rows)
        result.skipped = result.candidates - result.queued
        result.recovery = recover(now, policy)
        ids = ready_ids(now)
        result.dispatched = len(ids)
        dispatch_on_commit(ids, now)
    if ids:
        # With no broker the batches ran in-process at commit; with one, workers report later.
        result.sent = Outbox.objects.filter(
            id__in=ids[:50000], status__in=[OutboxStatus.SENT, OutboxStatus.DELIVERED]).count()
    return result
