"""The open human tasks a user may take: handed to them, or waiting in a queue they belong to.

A queue is a task with no owner that waits for a permission: a role's (approvers, finance,
the decider of a council) or an object permission on the task's case (the host
organisation's desk). viewflow's own ``user_queue`` reads the user's object permissions row
by row; here they are one subquery of guardian's public ``get_objects_for_user``, so the
tasks of any number of cases are one query.
"""

from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from guardian.shortcuts import get_objects_for_user
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from .delegation import principals_of

OPEN_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED)

# The object permissions desk tasks wait for (flows.py: ``.Permission(…, obj=…)`` on a queue).
OBJECT_QUEUE_PERMISSIONS = ("tasks_kh_cn.act_as_host",)


def in_queue(user) -> Q:
    """The condition on viewflow's Task for the queues ``user`` belongs to, whoever holds the
    task now: by a role's permission or an object permission on the task's case."""
    if user.is_superuser:
        # The administrator is no desk of the lifecycle (the transitions check roles).
        return Q(pk__in=[])
    queue = Q(owner_permission__in=user.get_all_permissions())
    for permission in OBJECT_QUEUE_PERMISSIONS:
        objects = get_objects_for_user(user, permission, with_superuser=False,
                                       accept_global_perms=False)
        queue |= Q(owner_permission=permission, owner_permission_obj_pk__in=objects.annotate(
            pk_text=Cast("pk", CharField())).values("pk_text"))
    return queue


def may_take(user) -> Q:
    """The tasks ``user`` may take: handed to them or to someone they stand in for today, or
    free in a queue they belong to.

    Built once per user object (the inbox asks it for the case desks and the council tasks):
    what it fixes is what Django and principals_of already keep on the user for the request
    (the role permissions, today's delegations); the object permissions stay a subquery,
    read by each query that uses the condition."""
    cached = getattr(user, "_khcn_may_take", None)
    if cached is None:
        cached = (Q(owner=user) | Q(owner__in=[p.pk for p in principals_of(user)])
                  | Q(owner__isnull=True) & in_queue(user))
        user._khcn_may_take = cached
    return cached


def open_tasks(user, flow_classes):
    """The open human tasks of ``flow_classes`` that ``user`` may take, newest first."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Task.objects.none()
    return (
        Task.objects.filter(may_take(user), flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES,
                            process__flow_class__in=list(flow_classes))
        .select_related("process")
        .order_by("-created", "-pk")
    )


def open_task_counts(user, flow_classes) -> dict:
    """{flow class: the number of its open tasks ``user`` may take}, for all of
    ``flow_classes`` in one grouped query (the inbox's task sources share it)."""
    counts = dict.fromkeys(flow_classes, 0)
    if counts:
        counts.update(open_tasks(user, flow_classes).order_by()
                      .values_list("process__flow_class").annotate(n=Count("pk")))
    return counts
