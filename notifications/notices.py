"""Telling people what happened: the one entry point every part of the product calls.

    notify("proposal_returned", case=case, key=f"transition:{log.pk}",
           context={"reason": ..., "due_on": ...}, actor=user)

Call it inside the transaction of the write that makes the event happen. It writes one
``Occurrence`` row (unique per event and key) and, after the commit, the fan-out writes
each person's in-app notice and the email/SMS outbox rows, which the outbox's workers send
exactly once. A rolled-back write therefore tells nobody, and a crash after the commit
loses nothing: the minute-by-minute recovery fans out any occurrence left behind.
"""

import logging

from django.db import IntegrityError, transaction

from .models import NoticeEvent, Occurrence
from .tasks import fan_out_notices

logger = logging.getLogger("notifications.notices")


def _id(person):
    return getattr(person, "pk", person)


def notify(event: str, *, key: str, case=None, context=None, people=(), actor=None):
    """Record that ``event`` happened (once per ``key``); the fan-out tells people after commit.

    ``people`` are the addressees the business names (council members, the requester);
    the event's row in the notice table adds the audiences resolved from the case.
    Returns the Occurrence, or None when the event is switched off or already recorded.
    """
    notice_event = NoticeEvent.objects.filter(code=event, is_active=True).only("pk").first()
    if notice_event is None:
        logger.info("notice event %s is not active: nobody is told", event)
        return None
    try:
        with transaction.atomic():
            occurrence = Occurrence.objects.create(
                event=notice_event, key=key[:120], case=case, actor_id=_id(actor),
                addressees=sorted({_id(p) for p in people if p is not None}),
                context=context or {})
    except IntegrityError:
        return None  # the same happening, recorded before: told once
    transaction.on_commit(lambda: fan_out_notices.delay(occurrence.pk))
    return occurrence
