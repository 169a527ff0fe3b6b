"""The case process: whose desk a case is on.

start → route ─┬─ enterprise desk ─┐
               ├─ officer desk ────┤   each desk, when its transition hands the case
               ├─ council desk ────┤   on, routes to the desk that owes the next step
               ├─ approver desk ───┤   (lifecycle.DESK) or, once the case has ended, to end
               ├─ finance desk ────┘
               └─ (terminal status) → end

The council desk is the assigned officer's while a council sits on the case (forming it,
replacing members); the council's own process (workflows/councils/) gives each member
and the secretary their tasks, and the approver's decision on the outcome moves the case.

The desk's human task stays open while the same desk keeps the case, and is completed
by ``services.perform_transition`` when the FSM hands the case to another desk. The
process never writes a status: the FSM on the case is the only state.
"""

from django.contrib.auth import get_user_model
from viewflow import this
from viewflow.workflow import flow

from .lifecycle import COUNCIL, DESK
from .models import CaseProcess
from .nodes import Desk
from .roles import Role
from .views import desk_task_view

HOST_PERMISSION = "tasks_kh_cn.act_as_host"
HANDLE_PERMISSION = "tasks_kh_cn.handle_case"
APPROVE_PERMISSION = "tasks_kh_cn.approve_case"
FINANCE_PERMISSION = "tasks_kh_cn.settle_case"

DESK_NODES = {
    Role.ENTERPRISE: "enterprise_desk",
    Role.OFFICER: "officer_desk",
    COUNCIL: "council_desk",
    Role.APPROVER: "approver_desk",
    Role.FINANCE: "finance_desk",
}
_EXITS = (this.enterprise_desk, this.officer_desk, this.council_desk, this.approver_desk,
          this.finance_desk, this.end)


def _case_of(process):
    return process.artifact


def assigned_officer(activation):
    """The officer the desk task is assigned to, by reference: the task stores the id, so
    the officer's row is not read for it (a hand-over would otherwise load a person nobody
    looks at). The case's own ``assigned_officer`` is used when it is already loaded."""
    case = activation.process.artifact
    if case.assigned_officer_id is None:
        return None
    field = type(case)._meta.get_field("assigned_officer")
    if field.is_cached(case):
        return case.assigned_officer
    return get_user_model()(pk=case.assigned_officer_id)


def owed_by(role):
    def predicate(activation):
        return DESK.get(activation.process.artifact.status) == role

    predicate.__name__ = f"owed_by_{role}"
    return predicate


class CaseFlow(flow.Flow):
    process_class = CaseProcess
    process_title = "Nhiệm vụ KH&CN"

    start = flow.StartHandle(this.start_case).Next(this.route)

    route = (
        flow.Switch()
        .Case(this.enterprise_desk, owed_by(Role.ENTERPRISE))
        .Case(this.officer_desk, owed_by(Role.OFFICER))
        .Case(this.council_desk, owed_by(COUNCIL))
        .Case(this.approver_desk, owed_by(Role.APPROVER))
        .Case(this.finance_desk, owed_by(Role.FINANCE))
        .Default(this.end)
    )

    enterprise_desk = (
        Desk(desk_task_view)
        .Permission(HOST_PERMISSION, obj=_case_of)
        .Route(this.next_desk, *_EXITS)
    )
    officer_desk = (
        Desk(desk_task_view)
        .Permission(HANDLE_PERMISSION, obj=_case_of)
        .Assign(assigned_officer)
        .Route(this.next_desk, *_EXITS)
    )
    council_desk = (
        Desk(desk_task_view)
        .Permission(HANDLE_PERMISSION, obj=_case_of)
        .Assign(assigned_officer)
        .Route(this.next_desk, *_EXITS)
    )
    approver_desk = (
        Desk(desk_task_view).Permission(APPROVE_PERMISSION).Route(this.next_desk, *_EXITS)
    )
    finance_desk = (
        Desk(desk_task_view).Permission(FINANCE_PERMISSION).Route(this.next_desk, *_EXITS)
    )

    end = flow.End()

    def start_case(self, activation, case):
        activation.process.artifact = case
        return activation.process

    def next_desk(self, activation):
        desk = DESK.get(activation.process.artifact.status)
        return getattr(self, DESK_NODES[desk]) if desk is not None else self.end
