"""The plan's deadlines that belong to no case, on the desk of whoever owes them.

The yearly report before 15 December (plan 5.1) is owed by the officer in charge; a survey
campaign's answer (appendix 5.2) by each member of each surveyed establishment. Both are
``notifications.Deadline`` rows without a case, named on their person (``owed_by_user``):
the case deadlines' inbox source only lists deadlines of cases one may see, so these come
through this source, each with its due date and a link to where it is done. An item
leaves the inbox when its deadline is met: the report recorded as sent, the survey answered.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.models import Deadline, DeadlineStatus
from tasks_kh_cn.inbox import InboxSource, WorkItem

from .reporting import DEADLINE_CODE
from .survey import SURVEY_DEADLINE_PREFIX


def plan_deadline_rows(user):
    return Deadline.objects.filter(
        Q(code=DEADLINE_CODE) | Q(code__startswith=SURVEY_DEADLINE_PREFIX), case__isnull=True,
        owed_by_user=user, status=DeadlineStatus.OPEN).order_by("due_on", "pk")


def where_done(deadline) -> str:
    if deadline.code == DEADLINE_CODE:
        return reverse("plan:report") + "#yearly"
    return reverse("plan:survey-mine")


def plan_deadline_items(deadlines) -> list[WorkItem]:
    return [
        WorkItem(kind="plan-deadline", case=None, label=d.display_title, created=d.created_at,
                 due=d.due_on, url=where_done(d),
                 extra={"deadline_id": d.pk, "overdue": d.is_overdue})
        for d in deadlines
    ]


PLAN_DEADLINES = InboxSource(kind="plan-deadline",
                             label=_("Hạn của chương trình năng suất, chất lượng"),
                             rows=plan_deadline_rows, items=plan_deadline_items)
