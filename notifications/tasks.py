"""Celery tasks: the beat-driven sweep, batch sending, viewflow timers and the digest."""

import logging

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from viewflow.workflow.timers import fire_due_timers

from .models import Outbox
from .services import delivery, fanout
from .services.digest import queue_officer_digests
from .services.sweep import dispatch, recover_and_dispatch, run_sweep

logger = logging.getLogger("notifications.tasks")


@shared_task(name="notifications.tasks.sweep_reminders")
def sweep_reminders(now_iso=None):
    now = parse_datetime(now_iso) if now_iso else timezone.now()
    result = run_sweep(now=now)
    logger.info("reminder sweep: %s", result.as_text)
    return result.as_text


@shared_task(name="notifications.tasks.recover_outbox")
def recover_outbox(now_iso=None):
    """Every minute: a dead worker's rows after their lease, due slow retries, give-ups,
    and the notices of occurrences whose fan-out never ran."""
    now = parse_datetime(now_iso) if now_iso else timezone.now()
    told = sum(fanout.fan_out(pk) for pk in fanout.pending(now))
    result = recover_and_dispatch(now=now)
    return f"{result.as_text} notices={told}" if told else result.as_text


@shared_task(name="notifications.tasks.fan_out_waiting", acks_late=True,
             reject_on_worker_lost=True)
def fan_out_waiting():
    """Woken after commits (notices.wake_fan_out): every occurrence not yet fanned out,
    oldest first; each person's notice, email and SMS (once)."""
    return fanout.fan_out_waiting()


@shared_task(name="notifications.tasks.fan_out_notices", acks_late=True,
             reject_on_worker_lost=True)
def fan_out_notices(event_id, key):
    """One occurrence's fan-out, at once: run in-process when there is no broker (each
    commit's own occurrence, nobody else's), and for the messages an older release queued."""
    occurrence_id = fanout.occurrence_id(event_id, key)
    return fanout.fan_out(occurrence_id) if occurrence_id else 0


@shared_task(bind=True, name="notifications.tasks.send_batch", acks_late=True,
             reject_on_worker_lost=True, max_retries=6)
def send_batch(self, outbox_ids, now_iso=None):
    """Send one batch. Idempotent: each row is claimed with a conditional UPDATE first.

    Rows that hit a gateway error are put back in the queue and retried by this task
    with exponential backoff; rows out of quick attempts are marked failed and left to
    the slow schedule of the sweep (``recover``).
    """
    now = parse_datetime(now_iso) if now_iso else timezone.now()
    result = delivery.send_batch(outbox_ids, now)
    sent, failed = len(result.sent), len(result.failed)
    while result.retry and self.request.is_eager:
        # No broker: retry in-process at once; each row stops at NOTIFICATIONS_MAX_ATTEMPTS.
        result = delivery.send_batch(result.retry, now)
        sent, failed = sent + len(result.sent), failed + len(result.failed)
    if result.retry:
        raise self.retry(args=(result.retry, now_iso),
                         countdown=delivery.backoff_seconds(self.request.retries))
    return {"sent": sent, "failed": failed}


@shared_task(name="notifications.tasks.fire_timers")
def fire_timers():
    return fire_due_timers()


@shared_task(name="notifications.tasks.send_officer_digests")
def send_officer_digests(now_iso=None):
    now = parse_datetime(now_iso) if now_iso else timezone.now()
    ids = queue_officer_digests(now=now)

    Outbox.objects.stamp_dispatched(ids, now)
    dispatch(ids, now)
    return len(ids)
