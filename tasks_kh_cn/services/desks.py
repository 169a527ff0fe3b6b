"""Desks that people share and hand over: claim, release, reassign.

A desk is a viewflow human task: the assigned officer's, or a queue (the host
organisation's members, the approvers, finance). Every operation here is viewflow's own
task operation (``assign``, ``unassign``, ``reassign`` on the task's activation), checked
first by a function answering (allowed, reason), done under the case's row lock, and
written to the case's history with who did it and why.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from tasks_kh_cn.models import TransitionLog
from tasks_kh_cn.notices import notify_desk_reassigned
from tasks_kh_cn.people import person_name
from tasks_kh_cn.services.cases import assign_officer
from workflows.flows import DESK_NODES, HOST_PERMISSION
from workflows.permissions import Decision, is_host_member
from workflows.queues import OPEN_TASK_STATUSES
from workflows.roles import Role, has_role
from workflows.services import desk_activation

DESK_NODE_NAMES = frozenset(DESK_NODES.values())
# The desks that belong to the case's assigned officer: handing them over is giving the case
# to another officer.
OFFICER_NODES = frozenset({DESK_NODES[Role.OFFICER], DESK_NODES["council"]})



def is_lead(user) -> bool:
    return has_role(user, Role.LEAD_OFFICER) or has_role(user, Role.APPROVER)


def is_open_desk(task) -> bool:
    return task.flow_task.name in DESK_NODE_NAMES and task.status in OPEN_TASK_STATUSES


# The queues that wait on an object permission, each with the check a transition of that desk
# makes (the role first, then the permission on the case).
QUEUE_CHECKS = {HOST_PERMISSION: is_host_member}


def in_task_queue(user, task) -> bool:
    """Does ``user`` belong to the queue of ``task`` (whoever holds it now)? The same
    permissions the transitions read, through the same per-request caches."""
    permission = task.owner_permission
    if not permission or not user.is_active or user.is_superuser:
        return False  # the administrator is no desk of the lifecycle
    if permission in QUEUE_CHECKS:
        return bool(QUEUE_CHECKS[permission](user, task.process.artifact))
    return user.has_perm(permission)


def may_claim(user, task) -> Decision:
    if not is_open_desk(task):
        return Decision(False, _("Việc này đã xong hoặc không phải việc của một bàn xử lý."))
    if task.owner_id is not None:
        if task.owner_id == user.pk:
            return Decision(False, _("Bạn đã nhận việc này."))
        return Decision(False, _("Việc này đã có người nhận: %(name)s.")
                        % {"name": person_name(task.owner)})
    if not in_task_queue(user, task):
        return Decision(False, _("Việc này không thuộc nhóm của bạn."))
    return Decision(True)


def may_release(user, task) -> Decision:
    if not is_open_desk(task):
        return Decision(False, _("Việc này đã xong hoặc không phải việc của một bàn xử lý."))
    if task.owner_id != user.pk:
        return Decision(False, _("Chỉ người đã nhận việc mới trả lại được."))
    if task.flow_task.name in OFFICER_NODES:
        return Decision(False, _("Việc của chuyên viên thụ lý không trả lại được; trưởng phòng "
                                 "giao cho chuyên viên khác."))
    return Decision(True)


def may_reassign(user, task, to=None) -> Decision:
    if not is_open_desk(task):
        return Decision(False, _("Việc này đã xong hoặc không phải việc của một bàn xử lý."))
    if not is_lead(user):
        return Decision(False, _("Chỉ trưởng phòng hoặc lãnh đạo Sở mới giao lại được việc."))
    if to is None:
        return Decision(True)
    if not to.is_active:
        return Decision(False, _("Người nhận không còn hoạt động."))
    if to.pk == task.owner_id:
        return Decision(False, _("Việc này đang là của %(name)s.") % {"name": person_name(to)})
    if task.flow_task.name in OFFICER_NODES:
        if not has_role(to, Role.OFFICER):
            return Decision(False, _("Người nhận phải là chuyên viên."))
        return Decision(True)
    if not in_task_queue(to, task):
        return Decision(False, _("%(name)s không thuộc nhóm xử lý việc này.")
                        % {"name": person_name(to)})
    return Decision(True)


def _locked(task):
    """The task read again under its case's row lock (the lock every transition takes)."""
    case = task.process.artifact
    # The lock alone: the key, unordered (the case itself is at hand).
    list(type(case).objects.select_for_update().filter(pk=case.pk).order_by()
         .values_list("pk", flat=True))
    task = Task.objects.select_related("process", "owner").get(pk=task.pk)
    task.process.artifact = case
    return task, case


def _log(case, name, user, comment="", **payload):
    TransitionLog.objects.create(case=case, transition=name, from_status=case.status,
                                 to_status=case.status, actor=user, at=timezone.now(),
                                 comment=comment, payload=payload)


@transaction.atomic
def claim(*, task, user):
    task, case = _locked(task)
    may_claim(user, task).require()
    desk_activation(task).assign(user)
    _log(case, "claim_desk", user, to=person_name(user))
    return task


@transaction.atomic
def release(*, task, user, reason=""):
    task, case = _locked(task)
    may_release(user, task).require()
    desk_activation(task).unassign()
    _log(case, "release_desk", user, comment=reason.strip(), **{"from": person_name(user)})
    return task


@transaction.atomic
def reassign(*, task, by, to, reason):
    """The lead gives the desk to ``to``; an officer's desk takes the case with it."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Cần nêu lý do giao lại.")]})
    if not isinstance(to, get_user_model()):
        raise ValidationError({"user": [_("Chọn người nhận việc.")]})
    task, case = _locked(task)
    may_reassign(by, task, to).require()
    before = person_name(task.owner) if task.owner_id else ""
    if task.flow_task.name in OFFICER_NODES:
        assign_officer(case=case, officer=to, by=by)
    elif task.owner_id is None:
        desk_activation(task).assign(to)
    else:
        desk_activation(task).reassign(to)
    _log(case, "reassign_desk", by, comment=reason.strip(), to=person_name(to), **{"from": before})
    notify_desk_reassigned(case, task, by, to, reason.strip())
    return Task.objects.select_related("owner").get(pk=task.pk)
