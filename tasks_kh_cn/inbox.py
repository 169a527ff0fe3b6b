"""The caller's open work items: desk tasks of the case process, the human tasks of the
council processes (declare, vote, replace, close, decide → the council page) and, later,
deadlines.

Read-only, a fixed number of queries whatever the number of items: the tasks a user may
take are one query, whose queue part asks guardian's public ``get_objects_for_user`` as a
subquery (viewflow's ``user_queue`` would read the user's object permissions row by row).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import get_objects_for_user
from viewflow.workflow.models import Task

from workflows.flows import CaseFlow
from workflows.services import OPEN_TASK_STATUSES

from .models import TaskCase

DESK_LABELS = {
    "enterprise_desk": _("Tổ chức chủ trì"),
    "officer_desk": _("Chuyên viên thụ lý"),
    "council_desk": _("Hội đồng đang họp: chuyên viên thụ lý theo dõi"),
    "approver_desk": _("Lãnh đạo Sở"),
    "finance_desk": _("Kế toán, tài chính"),
}

# The human tasks of the council processes (workflows/councils/): each opens the council page.
COUNCIL_LABELS = {
    "declare_conflict": _("Khai báo xung đột lợi ích"),
    "cast_ballot": _("Chấm phiếu đánh giá"),
    "replace_member": _("Thay thế thành viên hội đồng"),
    "close_round": _("Kết thúc phiên bỏ phiếu"),
    "decide": _("Quyết định kết quả hội đồng"),
}


def council_flows():
    from tasks_kh_cn.councils.models import CouncilType
    from workflows.councils import flow_for

    return [flow_for(kind) for kind in CouncilType.values]


@dataclass
class WorkItem:
    kind: str  # "task" now; the deadlines engineer adds "deadline"
    case: TaskCase
    label: str
    created: object
    task_id: int | None = None
    due: object = None
    extra: dict = field(default_factory=dict)
    url: str = ""

    def __post_init__(self):
        if not self.url:
            self.url = reverse("web:case-detail", args=[self.case.pk])


# The desks that wait for whoever holds an object permission on the case (a queue): the host
# organisation's desk. Every other desk task is handed to a person or waits for a role.
OBJECT_QUEUES = (("tasks_kh_cn", "act_as_host", TaskCase),)


def _may_take(user) -> Q:
    """The open tasks ``user`` may take: handed to them, or waiting in a queue they belong to
    — by a role's permission (approvers, finance) or an object permission on the task's
    case, asked of guardian's ``get_objects_for_user`` as a subquery."""
    may = Q(owner=user) | Q(owner__isnull=True, owner_permission__in=user.get_all_permissions())
    for app_label, codename, model in OBJECT_QUEUES:
        mine = get_objects_for_user(user, f"{app_label}.{codename}", klass=model,
                                    with_superuser=False, accept_global_perms=False)
        may |= Q(owner__isnull=True, owner_permission=f"{app_label}.{codename}",
                 owner_permission_obj_pk__in=mine.annotate(
                     pk_text=Cast("pk", CharField())).values("pk_text"))
    return may


def open_desk_tasks(user):
    """The user's open human tasks of the case process and of the council processes,
    newest first, in one query."""
    if user is None or not user.is_authenticated:
        return Task.objects.none()
    councils = council_flows()
    if user.is_superuser:
        # The admin is no desk of the lifecycle (the transitions check roles), so only tasks
        # handed to them personally are theirs.
        may = Q(owner=user)
    else:
        may = _may_take(user)
    return (
        Task.objects.filter(may, flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES,
                            process__flow_class__in=[CaseFlow, *councils])
        .select_related("process")
        .order_by("-created", "-pk")
    )


def inbox_items(user, *, limit=None) -> list[WorkItem]:
    """Open work items the user owes: one desk task per case on the user's desk."""
    tasks = open_desk_tasks(user)
    if limit is not None:
        tasks = tasks[:limit]
    tasks = list(tasks)
    from tasks_kh_cn.councils.models import Council

    council_type = ContentType.objects.get_for_model(Council)
    on_council = {t.pk for t in tasks if t.process.artifact_content_type_id == council_type.pk}
    # in_bulk([]) asks nothing: users without council tasks pay no extra query.
    councils = Council.objects.select_related("case__host").in_bulk(
        {t.process.artifact_object_id for t in tasks if t.pk in on_council})
    case_ids = {task.process.artifact_object_id for task in tasks if task.pk not in on_council}
    cases = TaskCase.objects.select_related("host").in_bulk(case_ids)
    items = []
    for task in tasks:
        node = task.flow_task.name
        if task.pk in on_council:
            council = councils.get(task.process.artifact_object_id)
            if council is None:
                continue
            items.append(WorkItem(
                kind="council", case=council.case, task_id=task.pk, created=task.created,
                label=f"{council.get_council_type_display()}: {COUNCIL_LABELS.get(node, node)}",
                url=reverse("web:council-detail", args=[council.pk]),
                extra={"council_id": council.pk}))
            continue
        case = cases.get(task.process.artifact_object_id)
        if case is None:
            continue
        items.append(WorkItem(kind="task", case=case, task_id=task.pk, created=task.created,
                              label=str(DESK_LABELS.get(node, node))))
    items.extend(owed_deadline_items(user, limit=limit))
    return items


def owed_deadline_items(user, *, limit=None) -> list[WorkItem]:
    """The open deadlines the user owes, soonest first (one query)."""
    from notifications.selectors import deadlines_owed_by

    deadlines = deadlines_owed_by(user).select_related("case__host")
    if limit is not None:
        deadlines = deadlines[:limit]
    return [
        WorkItem(kind="deadline", case=d.case, label=d.title, created=d.created_at,
                 due=d.due_on, extra={"deadline_id": d.pk, "overdue": d.is_overdue})
        for d in deadlines
    ]
