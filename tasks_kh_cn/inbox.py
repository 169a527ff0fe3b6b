"""The caller's open work items: desk tasks of the case process (and, later, deadlines).

Read-only, a fixed number of queries whatever the number of items: viewflow's
``user_queue`` computes the user's per-object permissions with one query per row
unless its cache is filled, so we fill it with two queries first.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermission, UserObjectPermission
from viewflow.workflow.models import Task

from workflows.flows import CaseFlow
from workflows.services import OPEN_TASK_STATUSES

from .models import TaskCase

DESK_LABELS = {
    "enterprise_desk": _("Tổ chức chủ trì"),
    "officer_desk": _("Chuyên viên thụ lý"),
    "approver_desk": _("Lãnh đạo Sở"),
    "finance_desk": _("Kế toán, tài chính"),
}


@dataclass
class WorkItem:
    kind: str  # "task" now; the deadlines engineer adds "deadline"
    case: TaskCase
    label: str
    created: object
    task_id: int | None = None
    due: object = None
    extra: dict = field(default_factory=dict)


def _fill_viewflow_perm_cache(user) -> None:
    """The set viewflow's user_queue wants, built with two queries instead of 2 per row."""
    if hasattr(user, "_viewflow_per_object_perm_cache"):
        return
    fields = ("content_type__app_label", "permission__codename", "object_pk")
    rows = list(UserObjectPermission.objects.filter(user=user).values_list(*fields))
    rows += GroupObjectPermission.objects.filter(
        group__in=user.groups.all()
    ).values_list(*fields)
    user._viewflow_per_object_perm_cache = {f"{app}.{code}_{pk}" for app, code, pk in rows}


def open_desk_tasks(user):
    """The user's open human tasks of the case process, newest first."""
    if user is None or not user.is_authenticated:
        return Task.objects.none()
    if user.is_superuser:
        # viewflow lets a superuser take every task; the admin is no desk of the lifecycle
        # (the transitions check roles), so only tasks handed to them personally are theirs.
        queue = Task.objects.filter(flow_task_type="HUMAN", process__flow_class=CaseFlow,
                                    owner=user)
    else:
        _fill_viewflow_perm_cache(user)
        queue = Task.objects.user_queue(user, flow_class=CaseFlow)
    return (
        queue
        .filter(status__in=OPEN_TASK_STATUSES)
        .select_related("process")
        .order_by("-created", "-pk")
    )


def inbox_items(user, *, limit=None) -> list[WorkItem]:
    """Open work items the user owes: one desk task per case on the user's desk."""
    tasks = open_desk_tasks(user)
    if limit is not None:
        tasks = tasks[:limit]
    tasks = list(tasks)
    case_ids = {task.process.artifact_object_id for task in tasks}
    cases = TaskCase.objects.select_related("host").in_bulk(case_ids)
    items = []
    for task in tasks:
        case = cases.get(task.process.artifact_object_id)
        if case is None:
            continue
        node = task.flow_task.name
        items.append(WorkItem(kind="task", case=case, task_id=task.pk, created=task.created,
                              label=str(DESK_LABELS.get(node, node))))
    # Deadlines the user owes are added here by the reminders engineer (kind="deadline").
    return items
