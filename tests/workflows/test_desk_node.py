"""The desk node (workflows/nodes.py) is the one place that reaches past a standard viewflow
node: it creates the next task with the target node's ``activation_class.create``. These
tests fail if viewflow changes under it."""

import inspect

from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Node
from viewflow.workflow.nodes.view import ViewActivation
from viewflow.workflow.status import STATUS

from tests.factories import act, make_case, upload_required
from workflows.flows import CaseFlow
from workflows.nodes import Desk
from workflows.services import desk_and_process_agree, open_desk_task


def test_viewflow_creates_a_node_task_as_the_desk_does():
    """viewflow's own path to a node's next task is its activation's ``create`` plus the
    arming of boundary events; the desk relies on the first and on having none of the second."""
    creating = inspect.getsource(Node._create)
    assert "self.activation_class.create(" in creating
    assert "_boundary_events" in creating
    for node in CaseFlow.instance.nodes():
        assert not getattr(node, "_boundary_events", ()), node.name
    # ViewActivation.create writes the task and links it to the previous one.
    source = inspect.getsource(ViewActivation.create)
    assert "task.save()" in source and "task.previous.add(" in source


def test_every_desk_draws_an_edge_to_every_place_it_can_lead():
    desks = [node for node in CaseFlow.instance.nodes() if isinstance(node, Desk)]
    assert {d.name for d in desks} == {"enterprise_desk", "officer_desk", "council_desk",
                                       "approver_desk", "finance_desk"}
    for desk in desks:
        targets = {edge.dst.name for edge in desk._outgoing()}
        assert targets == {"enterprise_desk", "officer_desk", "council_desk", "approver_desk",
                           "finance_desk", "end"}


def test_a_hand_over_claims_the_queue_task_through_viewflow(cast):
    """The host's desk is a queue of the organisation: whoever submits claims and completes it."""
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    first = open_desk_task(case)
    assert first.status == STATUS.NEW and first.owner_id is None
    assert first.owner_permission == "tasks_kh_cn.act_as_host"
    case = act(case, "submit", cast.host)
    first.refresh_from_db()
    assert first.status == STATUS.DONE and first.owner == cast.host
    following = open_desk_task(case)
    assert following.status == STATUS.ASSIGNED and following.owner == case.assigned_officer
    assert following.token == first.token and desk_and_process_agree(case)


def decorated_method_source(cls, name: str) -> str:
    """A method's source with its decorator (viewflow's status transitions are descriptors,
    which ``inspect`` does not read: the class's source is cut at each decorator)."""
    chunks = inspect.getsource(cls).split("\n    @")
    return next(chunk for chunk in chunks if f"def {name}(" in chunk)


def test_take_is_viewflows_assign_less_its_save():
    """``DeskActivation.take`` claims a queue's task in the hand-over that completes it. It
    relies on viewflow's ``assign`` being "set the owner, save", on ``start`` accepting an
    assigned task, and on ``complete`` saving the whole task (so the owner is written then)."""
    assign = decorated_method_source(ViewActivation, "assign")
    assert "self.task.owner = user" in assign and "self.task.save()" in assign
    assert "source=STATUS.NEW" in assign and "target=STATUS.ASSIGNED" in assign
    assert "source=STATUS.ASSIGNED" in decorated_method_source(ViewActivation, "start")
    complete = decorated_method_source(Activation, "complete")
    assert "self.task.save()" in complete and "update_fields" not in complete


def test_a_queue_task_is_claimed_and_completed_in_one_write(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    first = open_desk_task(case)
    assert first.owner_id is None
    with CaptureQueriesContext(connection) as queries:
        case = act(case, "submit", cast.host)
    updates = [q["sql"] for q in queries.captured_queries
               if q["sql"].startswith('UPDATE "viewflow_task"')]
    assert len(updates) == 1
    first.refresh_from_db()
    assert first.status == STATUS.DONE and first.owner == cast.host and desk_and_process_agree(case)
