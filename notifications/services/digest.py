"""The officers' daily digest (07:30): one email per officer with open deadlines to watch."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from workflows.roles import Role

from ..models import Channel, Outbox
from .render import digest_deadlines


def queue_officer_digests(*, now=None) -> list[int]:
    """Insert today's digest rows (unique per officer and day) and return the new ids."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    officers = get_user_model().objects.filter(groups__name=Role.OFFICER, is_active=True).exclude(
        email="").exclude(notification_preference__digest_enabled=False).values_list("id", "email")
    rows = [
        Outbox(deadline=None, step="digest", digest_on=today, recipient_id=user_id,
               channel=Channel.EMAIL, address=email, not_before=now, created_at=now)
        for user_id, email in officers if digest_deadlines(user_id, today)
    ]
    Outbox.objects.bulk_create(rows, ignore_conflicts=True)
    return list(Outbox.objects.filter(deadline__isnull=True, digest_on=today, status="queued",
                                      dispatched_at__isnull=True).values_list("id", flat=True))
