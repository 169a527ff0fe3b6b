"""Telling people what happened: the one entry point every part of the product calls.

    notify("proposal_returned", case=case, key=f"case:{case.pk}:return:…",
           context={"reason": ...}, actor=user)

Call it inside the transaction of the write that makes the event happen. It adds one
statement to that transaction: an INSERT of the ``Occurrence`` row, unique per (event, key),
ON CONFLICT DO NOTHING. After the commit, the fan-out writes each person's in-app notice and
the email/SMS outbox rows, which the outbox's workers send exactly once. A rolled-back write
therefore tells nobody, and a crash after the commit loses nothing: the minute-by-minute
recovery fans out any occurrence left behind.

The commit wakes a worker (``wake_fan_out``) rather than sending it one message per
occurrence: a busy desk commits many transitions a second, and one wake a second fans out
all of them in one task, where a message each cost every transition a publish to the broker.
"""

import logging
import time

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import NoticeEvent, Occurrence
from .tasks import fan_out_notices, fan_out_waiting

logger = logging.getLogger("notifications.notices")

# {code: event id} of the active events and when it was read: the table is read once a minute
# per process, all of it in one query, not once per event; an administrator's change is seen
# within that minute (at once in the process that saved it).
CACHE_SECONDS = 60
_active: dict[str, object] = {}


def active_event_id(code: str) -> int | None:
    if "ids" not in _active or time.monotonic() - _active["read_at"] > CACHE_SECONDS:
        _active["ids"] = dict(NoticeEvent.objects.filter(is_active=True).values_list("code", "pk"))
        _active["read_at"] = time.monotonic()
    return _active["ids"].get(code)


def forget_events(**kwargs) -> None:
    _active.clear()


post_save.connect(forget_events, sender=NoticeEvent, dispatch_uid="notices.forget_events")
post_delete.connect(forget_events, sender=NoticeEvent, dispatch_uid="notices.forget_events_d")


def _id(person):
    return getattr(person, "pk", person)


def notify(event: str, *, key: str, case=None, context=None, people=(), actor=None) -> bool:
    """Record that ``event`` happened (once per ``key``); the fan-out tells people after commit.

    ``people`` are the addressees the business names (council members, the requester); the
    event's row in the notice table adds the audiences resolved from the case. Returns False
    when the event is switched off (nobody is told).
    """
    event_id = active_event_id(event)
    if event_id is None:
        logger.info("notice event %s is not active: nobody is told", event)
        return False
    key = key[:120]
    Occurrence.objects.bulk_create([Occurrence(
        event_id=event_id, key=key, case=case, actor_id=_id(actor),
        addressees=sorted({_id(p) for p in people if p is not None}), context=context or {})],
        ignore_conflicts=True)  # the same happening recorded again: told once
    transaction.on_commit(lambda: wake_fan_out(event_id, key))
    return True


# One wake per window and process: the first commit of a window publishes a wake that runs
# after the window has closed, so every commit of this process that found the window open
# (and published nothing) was committed before that wake reads. A process publishes at most
# one message a window, whatever its rate of commits, and asks nothing of the network to
# know it; the wake fans out the occurrences of every process.
WAKE_WINDOW_SECONDS = 1
WAKE_DELAY_SECONDS = 2  # > the window, with room for the clocks of the web and the worker
_wake = {"window_closes": 0.0}


def wake_fan_out(event_id, key) -> None:
    """After the commit of an occurrence: make sure a worker fans it out, within
    ``WAKE_DELAY_SECONDS``. Without a broker it is fanned out here, at once, and alone."""
    now = time.monotonic()
    if now < _wake["window_closes"]:
        return  # the window's wake runs after this commit and finds its occurrence
    if fan_out_waiting.app.conf.task_always_eager:  # (asked once a window: Celery's
        fan_out_notices.delay(event_id, key)         # settings are slow to read)
        return  # and no window is opened: each commit fans out at once
    _wake["window_closes"] = now + WAKE_WINDOW_SECONDS
    try:
        fan_out_waiting.apply_async(
            countdown=WAKE_DELAY_SECONDS,
            **({"queue": settings.NOTIFICATIONS_QUEUE} if settings.NOTIFICATIONS_QUEUE else {}))
    except Exception:  # noqa: BLE001 — the broker is down; the write stands
        _wake["window_closes"] = 0.0  # the next commit tries again
        logger.exception("could not wake the fan-out; the minute's recovery will run it")
