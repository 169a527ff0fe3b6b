"""A desk: a human task that, once done, routes the case to whichever desk owes the next step.

A plain ``flow.View(...).Next(this.route)`` with a Switch gateway would write a gateway
task row (and its link, and a savepoint) on every hand-over. The desk asks the flow
where to go instead — the same decision, read from the FSM's ``DESK`` table — and the
chart still shows an edge from each desk to every place it can lead.
"""

from viewflow import this
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge
from viewflow.workflow.flow import View
from viewflow.workflow.nodes.view import ViewActivation


class DeskActivation(ViewActivation):
    next_activation = None

    @Activation.status.super()
    def create_next(self):
        node = self.flow_task._router(self)
        # Kept so the service layer can point the case at the task it has just created.
        self.next_activation = node._create(self, self.task.token)
        yield self.next_activation


class Desk(View):
    activation_class = DeskActivation

    def __init__(self, view, **kwargs):
        super().__init__(view, **kwargs)
        self._router = None
        self._targets = ()

    def Route(self, router, *targets):
        """``router(activation) -> node`` picks the next node among ``targets``."""
        self._router = router
        self._targets = targets
        return self

    def _resolve(self, instance):
        super()._resolve(instance)
        self._router = this.resolve(instance, self._router)
        self._targets = tuple(this.resolve(instance, target) for target in self._targets)

    def _outgoing(self):
        for target in self._targets:
            yield Edge(src=self, dst=target, edge_class="next")
