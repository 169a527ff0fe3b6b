"""A desk: a human task that, once done, routes the case to whichever desk owes the next step.

A plain ``flow.View(...).Next(this.route)`` with a Switch gateway would write a gateway
task row (and its link, and a savepoint) on every hand-over. The desk asks the flow
where to go instead — the same decision, read from the FSM's ``DESK`` table — and the
chart still shows an edge from each desk to every place it can lead.

Every transition that moves a case to another desk completes one desk task and creates
the next, so the desk's activation writes just what that needs: the completed task's
changed columns, the new task, and one row linking it to the previous task.
"""

from django.db import connections, router
from django.utils.timezone import now
from viewflow import this
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge
from viewflow.workflow.flow import View
from viewflow.workflow.nodes.view import ViewActivation
from viewflow.workflow.signals import task_finished
from viewflow.workflow.status import STATUS

# What completing a desk task changes (services.hand_over records the owner with it).
_COMPLETED_FIELDS = ["status", "owner", "started", "finished"]


class DeskActivation(ViewActivation):
    next_activation = None

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        """As ViewActivation.create; the link to the previous task is one INSERT of the
        through-table row instead of the related manager's add() (a new task has no links,
        and no one listens to m2m_changed on viewflow's tasks)."""
        task = flow_task.flow_class.task_class(process=prev_activation.process,
                                               flow_task=flow_task, token=token)
        task.data = data if data is not None else {}
        task.seed = seed
        activation = cls(task)
        owner_permission = flow_task.calc_owner_permission(activation)
        if owner_permission:
            task.owner_permission = owner_permission
            task.owner_permission_obj = flow_task.calc_owner_permission_obj(activation)
        owner = flow_task.calc_owner(activation)
        if owner:
            task.owner = owner
            task.status = STATUS.ASSIGNED
        task.save()
        previous = type(task)._meta.get_field("previous")
        with connections[router.db_for_write(type(task))].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {previous.m2m_db_table()} "
                f"({previous.m2m_column_name()}, {previous.m2m_reverse_name()}) VALUES (%s, %s)",
                [task.pk, prev_activation.task.pk],
            )
        if flow_task._on_create is not None:
            flow_task._on_create(activation)
        return activation

    @Activation.status.transition(source=STATUS.STARTED, target=STATUS.DONE)
    def complete(self):
        self.task.finished = now()
        self.task.save(update_fields=_COMPLETED_FIELDS)
        task_finished.send(sender=self.flow_class, process=self.process, task=self.task)

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
