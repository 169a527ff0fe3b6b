"""Giving up a reminder whose deadline is long past, and telling the case's officer once.

A row that exhausted its quick retries is retried on the slow schedule until it is
delivered or ``NOTIFICATIONS_GIVE_UP_AFTER_DAYS`` have passed since both its due date
and its creation; then it becomes ``given_up`` and the case's assigned officer (the
officers, when none is assigned) gets one notice through the outbox itself. A row whose
deadline was met or cancelled meanwhile is given up at once, quietly. The notice
row's key is (deadline, "undelivered", due date, officer, channel), so however many rows
of a deadline give up, in however many sweeps, the officer is told once per due date.
"""

import logging

from django.conf import settings

from workflows.roles import Role

from ..models import Attempt, Channel, DeadlineStatus, Outbox, OutboxStatus
from .recipients import RecipientResolver, addresses

logger = logging.getLogger("notifications.lost")

NOTICE_STEP = "undelivered"


def give_up_expired(now, *, sms_from, insert) -> tuple[int, int]:
    """Give up the rows past the horizon; queue the officers' notices. (given up, notices)."""
    days = settings.NOTIFICATIONS_GIVE_UP_AFTER_DAYS
    candidates = list(Outbox.objects.to_give_up(now, days).values_list("pk", flat=True))
    if not candidates:
        return 0, 0
    Outbox.objects.give_up(candidates)
    rows = list(Outbox.objects.filter(pk__in=candidates, status=OutboxStatus.GIVEN_UP)
                .values("pk", "attempts", "deadline_id", "due_on", "step", "deadline__status",
                        "deadline__case__assigned_officer_id"))
    Attempt.objects.bulk_create([
        Attempt(outbox_id=r["pk"], number=r["attempts"], outcome=Attempt.Outcome.GAVE_UP,
                detail=_why(r, days), at=now) for r in rows])
    # The officer hears of reminders lost for obligations still open; a notice that is
    # itself lost tells nobody (no notices about notices).
    lost = [r for r in rows if r["deadline__status"] == DeadlineStatus.OPEN
            and r["step"] != NOTICE_STEP]
    notices = insert(notice_rows(lost, now, sms_from)) if lost else 0
    logger.warning("gave up %s outbox rows, %s notices to officers", len(rows), notices)
    return len(rows), notices


def _why(row, days) -> str:
    if row["deadline_id"] and row["deadline__status"] != DeadlineStatus.OPEN:
        return f"deadline {row['deadline__status']}"
    return f"> {days} days past due"


def notice_rows(lost, now, sms_from) -> list[tuple]:
    """Outbox tuples (sweep.COLUMNS order): one per (deadline, due date, officer)."""
    resolver = RecipientResolver([])
    wanted = {}
    for row in lost:
        officer = row["deadline__case__assigned_officer_id"]
        for user_id in [officer] if officer else resolver.group(Role.OFFICER):
            wanted[(row["deadline_id"], row["due_on"], user_id)] = True
    contacts = addresses({user_id for _, _, user_id in wanted})
    rows = []
    for deadline_id, due_on, user_id in wanted:
        channels = contacts.get(user_id, {})
        # One notice, on the officer's email when there is one: this is desk work, not an alarm.
        for channel in (Channel.EMAIL, Channel.SMS):
            if channel in channels:
                not_before = sms_from if channel == Channel.SMS else now
                rows.append((deadline_id, NOTICE_STEP, due_on, user_id, channel,
                             channels[channel], True, OutboxStatus.QUEUED, not_before, 0, "",
                             "", now))
                break
    return rows
