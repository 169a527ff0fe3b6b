"""The dashboard: what the user's cases look like and what the user owes now."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from notifications.models import DeadlineStatus
from notifications.selectors import visible_deadlines
from tasks_kh_cn.inbox import Inbox
from tasks_kh_cn.permissions import may_register_organisation
from tasks_kh_cn.selectors import visible_cases
from workflows.lifecycle import PHASE_OF, Phase
from workflows.roles import Role, has_role, user_roles

INBOX_LIMIT = 10


def upcoming_deadlines(user, limit=10):
    """Open deadlines on the cases the user can see, overdue first then soonest (one query)."""


    # Each council member's ballot is a deadline of its own: show the user's, not everyone's.
    others_ballots = Q(code__endswith="-ballot") & ~Q(owed_by_user=user)
    return list(visible_deadlines(user).filter(status=DeadlineStatus.OPEN)
                .exclude(others_ballots).select_related("case")[:limit])


@login_required
def dashboard(request):
    by_status = (visible_cases(request.user).order_by().values("status")
                 .annotate(n=Count("id")))
    counts = dict.fromkeys(Phase.values, 0)
    for row in by_status:
        counts[PHASE_OF[row["status"]]] += row["n"]
    can_propose = has_role(request.user, Role.ENTERPRISE)
    # Members of an organisation hold the enterprise role (services.add_member).
    needs_organisation = (not can_propose and bool(may_register_organisation(request.user))
                          and not request.user.organisations.exists())
    roles = [Role(role).label for role in sorted(user_roles(request.user))]
    inbox = Inbox(request.user)
    return render(request, "web/dashboard.html", {
        "phases": [{"phase": phase, "label": phase.label, "count": counts[phase]}
                   for phase in Phase],
        "total": sum(counts.values()),
        "inbox": inbox[:INBOX_LIMIT],
        "inbox_count": inbox.count(),
        "roles": roles,
        "can_propose": can_propose,
        "needs_organisation": needs_organisation,
        "deadlines": upcoming_deadlines(request.user),
    })
