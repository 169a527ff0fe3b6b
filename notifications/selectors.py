"""Reads of deadlines, filtered by who may see the case (the same rule as case lists)."""

from django.utils import timezone

from tasks_kh_cn.selectors import visible_cases

from .models import Deadline, DeadlineStatus


def visible_deadlines(user, *, overdue=None):
    qs = Deadline.objects.filter(case__in=visible_cases(user)).select_related(
        "case", "owed_by_user")
    if overdue is True:
        qs = qs.filter(status=DeadlineStatus.OPEN, due_at__lt=timezone.now())
    return qs.order_by("due_at", "id")


def deadlines_owed_by(user):
    """Open deadlines the user owes in person (their inbox)."""
    return visible_deadlines(user).filter(status=DeadlineStatus.OPEN, owed_by_user=user)
