"""A desk: a human task that, once done, routes the case to whichever desk owes the next step.

viewflow offers this shape only as a View followed by a Switch gateway, which writes a
gateway task, its link and a savepoint on every hand-over. The desk asks the flow where
to go instead — the same decision, read from the FSM's ``DESK`` table — and the chart
still shows an edge from each desk to every place it can lead.

This is the one place that reaches past a standard node: the next task is created with
the target node's public ``activation_class.create`` (what viewflow's own nodes do, less
the arming of boundary events, which no node of our flows has), and a queue's task is
claimed by the hand-over that completes it (``take``: viewflow's ``assign`` less its save). ``tests/workflows/
test_desk_node.py`` fails if viewflow changes under it: if nodes start carrying boundary
events, or ``create`` stops writing the task and its link to the previous one, or
``assign`` / ``complete`` stop being "set the owner" / "save the whole task".
"""

from viewflow import this
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge
from viewflow.workflow.flow import View
from viewflow.workflow.nodes.view import ViewActivation
from viewflow.workflow.status import STATUS


class DeskActivation(ViewActivation):
    @Activation.status.transition(
        source=STATUS.NEW, target=STATUS.ASSIGNED,
        permission=lambda activation, user: activation.flow_task.can_assign(user, activation.task),
    )
    def take(self, user):
        """Claim a queue's task in the same step that completes it: viewflow's ``assign``
        without its own save, so the completion's save writes the owner with the rest (one
        UPDATE of the task per hand-over instead of two). Claiming a task to work on it
        later stays viewflow's ``assign``."""
        self.task.owner = user

    @Activation.status.super()
    def create_next(self):
        node = self.flow_task.route_for(self)
        yield node.activation_class.create(node, self, self.task.token)


class Desk(View):
    activation_class = DeskActivation

    def __init__(self, view, **kwargs):
        super().__init__(view, **kwargs)
        self.router = None
        self.targets = ()

    def Route(self, router, *targets):
        """``router(activation) -> node`` picks the next node among ``targets``."""
        self.router = router
        self.targets = targets
        return self

    def route_for(self, activation):
        return this.resolve(self.flow_class.instance, self.router)(activation)

    def _outgoing(self):
        # The hook every viewflow node defines for the edges its flow chart draws.
        for target in self.targets:
            yield Edge(src=self, dst=this.resolve(self.flow_class.instance, target),
                       edge_class="next")
