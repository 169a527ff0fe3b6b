"""An administrator sends a failed or given-up reminder again: the same row, re-queued.

Never a new row (the outbox's unique key is the exactly-once guarantee); the row keeps
its attempt log, records who asked and when (``resent_by``/``resent_at`` and a
"requeued" attempt), and is dispatched after the commit.
"""

from django.db import transaction
from django.utils import timezone

from ..models import Attempt, Outbox
from .sweep import dispatch_on_commit


def resend(*, outbox_ids, by, now=None) -> list[int]:
    """Re-queue the given rows that are failed or given up; return the ids re-queued."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = Outbox.objects.requeue(outbox_ids, by=by, at=now)
        attempts = dict(Outbox.objects.filter(pk__in=ids).values_list("pk", "attempts"))
        Attempt.objects.bulk_create([
            Attempt(outbox_id=pk, number=attempts[pk], outcome=Attempt.Outcome.REQUEUED,
                    detail=by.get_username(), at=now) for pk in ids])
        Outbox.objects.stamp_dispatched(ids, now)
        # A broker error leaves the rows queued and unstamped: the next sweep sends them.
        dispatch_on_commit(ids, now)
    return ids
