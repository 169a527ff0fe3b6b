"""Reads of deadlines, filtered by who may see the case (the same rule as case lists)."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from tasks_kh_cn.councils.permissions import private_ballot_deadlines
from tasks_kh_cn.models import Membership
from tasks_kh_cn.selectors import sees_every_case, visible_cases
from workflows.roles import Role, user_roles

from .models import Deadline, DeadlineStatus


def visible_deadlines(user, *, overdue=None):
    if sees_every_case(user):
        qs = Deadline.objects.filter(case__isnull=False)  # no semi-join over every case
    else:
        qs = Deadline.objects.filter(case__in=visible_cases(user))
    qs = qs.select_related("case", "owed_by_user")
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
        # EXISTS rather than a join on the memberships: no duplicate rows, so no DISTINCT
        # over whole deadline rows (the inbox counts them on each page).
        member = Exists(Membership.objects.filter(organisation=OuterRef("case__host"), user=user))
        owed |= unnamed & Q(member, owed_by_role=Role.ENTERPRISE)
    if Role.OFFICER in roles:
        owed |= unnamed & Q(owed_by_role=Role.OFFICER, case__assigned_officer=user)
    for role in (Role.APPROVER, Role.FINANCE):
        if role in roles:
            owed |= unnamed & Q(owed_by_role=role)
    return visible_deadlines(user).filter(owed, status=DeadlineStatus.OPEN)
