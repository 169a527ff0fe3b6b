"""The deadlines a user owes, soonest first, in the inbox."""

from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.inbox import InboxSource, WorkItem

from .selectors import deadlines_owed_by


def owed_deadline_rows(user):
    return deadlines_owed_by(user).select_related("case__host").order_by("due_on", "pk")


def owed_deadline_items(deadlines) -> list[WorkItem]:
    return [
        WorkItem(kind="deadline", case=d.case, label=d.display_title, created=d.created_at,
                 due=d.due_on, extra={"deadline_id": d.pk, "overdue": d.is_overdue})
        for d in deadlines
    ]


OWED_DEADLINES = InboxSource(kind="deadline", label=_("Hạn phải đáp ứng"),
                             rows=owed_deadline_rows, items=owed_deadline_items)
