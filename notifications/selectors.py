"""Reads of deadlines, filtered by who may see the case (the same rule as case lists)."""

from django.db.models import Q
from django.utils import timezone

from tasks_kh_cn.councils.permissions import private_ballot_deadlines
from tasks_kh_cn.selectors import visible_cases
from workflows.roles import Role, user_roles

from .models import Deadline, DeadlineStatus


def visible_deadlines(user, *, overdue=None):
    qs = Deadline.objects.filter(case__in=visible_cases(user)).select_related(
        "case", "owed_by_user")
    hidden = private_ballot_deadlines(user)  # the council's rule: tasks_kh_cn.councils
    if hidden is not None:
        qs = qs.exclude(hidden)
    if overdue is True:
        qs = qs.filter(status=DeadlineStatus.OPEN, due_at__lt=timezone.now())
    return qs.order_by("due_at", "id")


def deadlines_owed_by(user):
    """Open deadlines the user owes (their inbox): named on the deadline, or owed by their
    organisation as host, by them as the case's officer, or by a role they hold."""


    roles = user_roles(user)
    owed = Q(owed_by_user=user)
    unnamed = Q(owed_by_user__isnull=True)
    if Role.ENTERPRISE in roles:
        owed |= unnamed & Q(owed_by_role=Role.ENTERPRISE,
                            case__host__memberships__user=user)
    if Role.OFFICER in roles:
        owed |= unnamed & Q(owed_by_role=Role.OFFICER, case__assigned_officer=user)
    for role in (Role.APPROVER, Role.FINANCE):
        if role in roles:
            owed |= unnamed & Q(owed_by_role=role)
    return visible_deadlines(user).filter(owed, status=DeadlineStatus.OPEN).distinct()
