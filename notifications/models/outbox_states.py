"""Every change of an outbox row's status, each one conditional UPDATE on its source state.

This is the outbox's state machine, kept in one place: nothing else writes ``status``.
Each method names the states it moves a row *from* in its WHERE clause, so two processes
racing on a row cannot both move it (the loser updates nothing), and a sender that lost
its claim (lease expired, row re-claimed by another worker) can no longer record or send.

    queued ──claim──▶ sending ──sent──▶ sent ──callback──▶ delivered
      ▲                 │  │                  └─callback──▶ failed
      │◀──quick retry───┘  └──error, attempts used up──▶ failed (next_retry_at set)
      │◀──lease expired (worker killed)                     │  │
      │◀──slow retry due────────────────────────────────────┘  └─deadline long past─▶ given_up
      │◀──admin "send again" (from failed or given_up)
"""

import datetime
import uuid

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    DELIVERED = "delivered", _("Đã nhận")
    FAILED = "failed", _("Thất bại")
    GIVEN_UP = "given_up", _("Đã ngừng gửi")


RESENDABLE = (OutboxStatus.FAILED, OutboxStatus.GIVEN_UP)


def new_claim_token() -> str:
    return uuid.uuid4().hex


class OutboxQuerySet(models.QuerySet):
    def claim(self, ids, now, token) -> list[int]:
        """queued → sending, atomically; return the ids this caller now owns.

        ``claimed_at`` is the database's clock (not ``now``, which may be a simulated
        sweep time): the lease is about live processes, so it is measured in real time.
        """
        if not ids:
            return []
        table = self.model._meta.db_table
        placeholders = ", ".join(["%s"] * len(ids))
        adapt = connection.ops.adapt_datetimefield_value
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET status = %s, claimed_at = %s, claim_token = %s, "
                f"attempts = attempts + 1 "
                f"WHERE id IN ({placeholders}) AND status = %s AND not_before <= %s RETURNING id",
                [OutboxStatus.SENDING, adapt(timezone.now()), token, *ids, OutboxStatus.QUEUED,
                 adapt(now)],
            )
            return sorted(row[0] for row in cursor.fetchall())

    def _mine(self, ids, token):
        return self.filter(pk__in=ids, status=OutboxStatus.SENDING, claim_token=token)

    def renew(self, ids, token, clock) -> set[int]:
        """sending → sending: push the lease of the rows still ours; return those ids."""
        mine = self._mine(ids, token)
        mine.update(claimed_at=clock)
        return set(mine.values_list("pk", flat=True))

    def mark_sent(self, pk, token, *, provider_id, at) -> int:
        return self._mine([pk], token).update(
            status=OutboxStatus.SENT, sent_at=at, provider_message_id=provider_id[:128],
            claim_token="")

    def mark_error(self, pk, token, *, error, retry_at=None, final) -> int:
        """sending → queued (a quick retry follows) or → failed.

        A failed row with ``retry_at`` waits for the slow schedule; without it (the
        channel refused the address) only an administrator's resend moves it again.
        """
        fields = {"claimed_at": None, "claim_token": "", "last_error": error[:2000]}
        if final:
            fields.update(status=OutboxStatus.FAILED, next_retry_at=retry_at)
        else:
            fields.update(status=OutboxStatus.QUEUED)
        return self._mine([pk], token).update(**fields)

    def release_expired(self, clock, lease: datetime.timedelta) -> int:
        """sending → queued when the claim's lease ran out: its worker is dead (see README)."""
        return self.filter(status=OutboxStatus.SENDING, claimed_at__lt=clock - lease).update(
            status=OutboxStatus.QUEUED, claimed_at=None, claim_token="", dispatched_at=None)

    def retry_due(self, now, *, sms_from) -> int:
        """failed → queued for rows whose slow retry is due; SMS respect the quiet hours."""
        return self.filter(status=OutboxStatus.FAILED, next_retry_at__lte=now).update(
            status=OutboxStatus.QUEUED, next_retry_at=None, dispatched_at=None,
            not_before=models.Case(models.When(channel="sms", then=models.Value(sms_from)),
                                   default=models.Value(now)))

    def to_give_up(self, now, days: int):
        """Failed rows on the slow schedule that should stop: their deadline is long past
        (``days`` after both the due date and the row's creation), or it is no longer open
        (met or cancelled: a late reminder of it would be wrong)."""
        cutoff = now - datetime.timedelta(days=days)
        long_past = models.Q(created_at__lt=cutoff) & (
            models.Q(due_on__isnull=True) | models.Q(due_on__lt=timezone.localdate(cutoff)))
        closed = models.Q(deadline__isnull=False) & ~models.Q(deadline__status="open")
        return self.filter(long_past | closed, status=OutboxStatus.FAILED,
                           next_retry_at__isnull=False)

    def give_up(self, ids) -> int:
        """failed → given_up (only rows still waiting on the slow schedule)."""
        return self.filter(pk__in=ids, status=OutboxStatus.FAILED,
                           next_retry_at__isnull=False).update(
            status=OutboxStatus.GIVEN_UP, next_retry_at=None)

    def requeue(self, ids, *, by, at) -> list[int]:
        """failed/given_up → queued: an administrator's "send again", recorded on the row."""
        targets = list(self.filter(pk__in=ids, status__in=RESENDABLE).values_list("pk", flat=True))
        self.filter(pk__in=targets, status__in=RESENDABLE).update(
            status=OutboxStatus.QUEUED, not_before=at, next_retry_at=None, dispatched_at=None,
            claimed_at=None, claim_token="", resent_at=at, resent_by=by)
        return targets

    def mark_delivered(self, pk, at) -> int:
        """sent (or still sending: the callback may beat the worker's record) → delivered."""
        return self.filter(pk=pk, status__in=(OutboxStatus.SENT, OutboxStatus.SENDING)).update(
            status=OutboxStatus.DELIVERED, delivered_at=at, claim_token="")

    def mark_undelivered(self, pk, error) -> int:
        """The gateway reports the handset never got it: failed, resendable by an administrator."""
        return self.filter(pk=pk, status__in=(OutboxStatus.SENT, OutboxStatus.SENDING)).update(
            status=OutboxStatus.FAILED, next_retry_at=None, last_error=error[:2000],
            claim_token="")

    def stamp_dispatched(self, ids, at) -> int:
        return self.filter(pk__in=ids, status=OutboxStatus.QUEUED).update(dispatched_at=at)

    def unstamp_dispatched(self, ids) -> int:
        """The broker refused the batches: make the rows ready for the very next sweep."""
        return self.filter(pk__in=ids, status=OutboxStatus.QUEUED).update(dispatched_at=None)


__all__ = ["OutboxQuerySet", "OutboxStatus", "RESENDABLE", "new_claim_token"]
