"""A person's notification centre: their notices, the unread count, marking read."""

from django.utils import timezone

from ..models import Notice


def notices_of(user):
    """The person's own in-app notices, newest first (never anyone else's)."""
    return (Notice.objects.filter(recipient=user, in_app=True)
            .select_related("case").order_by("-created_at", "-id"))


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notice.objects.filter(recipient=user, in_app=True, read_at=None).count()


def mark_read(*, user, notice_id: int) -> bool:
    """True when the notice is the user's; reading twice keeps the first time."""
    mine = Notice.objects.filter(pk=notice_id, recipient=user)
    if not mine.exists():
        return False
    mine.filter(read_at=None).update(read_at=timezone.now())
    return True


def mark_all_read(*, user) -> int:
    return Notice.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())
