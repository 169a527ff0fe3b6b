"""Council tasks in the inbox: declare, vote, replace, close, decide — each opens the council
page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.inbox import InboxSource, WorkItem
from workflows.councils import council_flow
from workflows.queues import open_tasks

from .models import Council

COUNCIL_LABELS = {
    "declare_conflict": _("Khai báo xung đột lợi ích"),
    "cast_ballot": _("Chấm phiếu đánh giá"),
    "replace_member": _("Thay thế thành viên hội đồng"),
    "close_round": _("Kết thúc phiên bỏ phiếu"),
    "decide": _("Quyết định kết quả hội đồng"),
}


def council_task_rows(user):
    return open_tasks(user, [council_flow()])


def council_task_items(tasks) -> list[WorkItem]:
    councils = Council.objects.select_related("case__host").in_bulk(
        {task.process.artifact_object_id for task in tasks})
    items = []
    for task in tasks:
        council = councils.get(task.process.artifact_object_id)
        if council is None:
            continue
        node = task.flow_task.name
        items.append(WorkItem(
            kind="council", case=council.case, task_id=task.pk, created=task.created,
            label=f"{council.get_council_type_display()}: {COUNCIL_LABELS.get(node, node)}",
            url=reverse("web:council-detail", args=[council.pk]),
            extra={"council_id": council.pk}))
    return items


COUNCIL_TASKS = InboxSource(kind="council", label=_("Việc của hội đồng"), rows=council_task_rows,
                            items=council_task_items, flow=council_flow)
