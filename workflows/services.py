"""Transitions of a case: the one write path for its status.

``perform_transition`` locks the case, checks permission, conditions and
payload, runs the FSM transition, appends the history row, hands the case to
the next desk in its viewflow process, and tells listeners (deadlines) — all in
one transaction. Messages are sent only after commit.
"""

import functools
from dataclasses import dataclass, field
from operator import attrgetter

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition
from viewflow.workflow.models import Task

from tasks_kh_cn.models import TaskCase, TransitionLog

from .conditions import condition_reason
from .delegation import principals_of
from .flows import DESK_NODES, CaseFlow
from .lifecycle import DESK, Status
from .named_conditions import evaluated_once
from .permissions import Decision
from .queues import OPEN_TASK_STATUSES

# Sent inside the transaction after every transition (deadlines subscribe to it).
case_transitioned = Signal()  # kwargs: case, transition, from_status, to_status, actor, payload
# Sent after commit (notifications subscribe to it).
case_transition_committed = Signal()



class TransitionError(Exception):
    status_code = 400

    def __init__(self, message, *, errors=None):
        super().__init__(str(message))
        self.message = str(message)
        self.errors = errors or {}


class UnknownTransition(TransitionError):
    status_code = 404


class TransitionForbidden(TransitionError):
    status_code = 403


class TransitionConflict(TransitionError):
    status_code = 409


class InvalidPayload(TransitionError):
    status_code = 400


@dataclass
class TransitionOption:
    name: str
    label: str
    actor: str
    target: str
    allowed: bool
    reason: str = ""
    payload_fields: list = field(default_factory=list)


def _case_model():
    return TaskCase


@functools.cache
def _transitions_by_name() -> dict:
    # The FSM's transitions are fixed when the model class is built: read them once.
    model = _case_model()
    specs = {}
    for spec in model._meta.get_field("status").get_all_transitions(model):
        specs.setdefault(spec.name, spec)
    return specs


@functools.cache
def _transitions_from(status: str) -> tuple:
    model = _case_model()
    seen = {}
    for spec in model._meta.get_field("status").get_all_transitions(model):
        if spec.source in (status, "*") and spec.name not in seen:
            seen[spec.name] = spec
    return tuple(seen.values())


@functools.cache
def _names_from(status: str) -> frozenset:
    return frozenset(spec.name for spec in _transitions_from(status))


def all_transitions():
    """{name: django_fsm.Transition} for the case FSM (one entry per name)."""
    return dict(_transitions_by_name())


def transitions_from(status: str):
    return list(_transitions_from(status))


def check_actor(user, case, spec):
    """``(decision, on_behalf_of)``: ``user`` may take ``spec`` on ``case`` themselves, or as
    the delegate of someone who may (then ``on_behalf_of`` names them)."""
    decision = spec.permission.check(user, case)
    if decision:
        return decision, None
    for principal in principals_of(user):
        if spec.permission.check(principal, case):
            return Decision(True), principal
    return decision, None


def explain(case, user, spec) -> Decision:
    """May ``user`` take ``spec`` on ``case`` now? With the reason when not."""
    decision, _principal = check_actor(user, case, spec)
    if not decision:
        return decision
    for condition in spec.conditions:
        if not condition(case):
            return Decision(False, condition_reason(condition, case))
    return Decision(True)


def available_transitions(case, user, *, only_allowed=False) -> list[TransitionOption]:
    """The transitions from the case's status, each with whether ``user`` may take it and why not."""
    options = []
    case.__dict__.pop("_dossier_missing", None)  # documents may have changed since last asked
    for spec in transitions_from(case.status):
        decision = explain(case, user, spec)
        if only_allowed and not decision:
            continue
        payload_class = spec.custom["payload"]
        options.append(TransitionOption(
            name=spec.name, label=str(spec.custom["label"]), actor=spec.custom["actor"],
            target=spec.target, allowed=decision.allowed, reason=decision.reason,
            payload_fields=list(payload_class.base_fields),
        ))
    return options


def case_version(case) -> str:
    """The version a client saw (the API's ETag): the status and the last write's time.

    Every write of the case row moves ``updated_at`` (auto_now), so two clients that read the
    same version read the same case."""
    stamp = int(case.updated_at.timestamp() * 1_000_000) if case.updated_at else 0
    return f"{case.status}.{stamp}"


def perform_transition(*, case, name: str, user, data=None, expected_status=None,
                       expected_version=None):
    """Take transition ``name`` on ``case`` as ``user`` with payload ``data``; return the case.

    ``expected_status`` / ``expected_version`` (see ``case_version``) are what the client saw:
    when the case has moved on since, nothing is done (409) — a ``withdraw`` aimed at a
    submitted proposal must not withdraw one that has been returned meanwhile.

    Raises UnknownTransition (404), TransitionConflict (409: wrong or stale status, unmet
    condition, concurrent change), TransitionForbidden (403), InvalidPayload (400).
    Nothing is written unless everything succeeds.
    """
    spec = _transitions_by_name().get(name)
    if spec is None:
        raise UnknownTransition(_("Không có thao tác “%(name)s”.") % {"name": name})
    model = _case_model()
    with transaction.atomic():
        # Lock the case row, and only it, and read only it: the host is read when a condition
        # or a document needs it (a third of the steps), the officer not at all (the desk
        # task is assigned by id: flows.assigned_officer).
        locked = model.objects.select_for_update().get(pk=case.pk)
        loaded = _field_values(locked)
        _check_expected(locked, expected_status, expected_version)
        if spec.name not in _names_from(locked.status):
            raise TransitionConflict(
                _("Nhiệm vụ đang ở trạng thái “%(status)s”, không thể thực hiện “%(action)s”.")
                % {"status": locked.get_status_display(), "action": spec.custom["label"]}
            )
        permission, on_behalf_of = check_actor(user, locked, spec)
        if not permission:
            raise TransitionForbidden(permission.reason)
        with evaluated_once():  # django-fsm's own check of the conditions reads no row again
            for condition in spec.conditions:
                if not condition(locked):
                    raise TransitionConflict(condition_reason(condition, locked))
            form = spec.custom["payload"](data or {}, case=locked)
            if not form.is_valid():
                raise InvalidPayload(_("Dữ liệu không hợp lệ."),
                                     errors=form.errors.get_json_data())
            from_status = locked.status
            getattr(locked, name)(by=user, payload=form.cleaned_data)
        now = timezone.now()
        summary = form.summary()
        comment = summary.pop("comment", "")

        TransitionLog.objects.create(
            case=locked, transition=name, from_status=from_status, to_status=locked.status,
            actor=user, on_behalf_of=on_behalf_of, at=now, comment=comment, payload=summary,
        )
        # Listeners (officer assignment, deadlines) see the new status and run before the
        # hand-over, so the next desk task is created for the officer they assign.
        case_transitioned.send(
            sender=model, case=locked, transition=name, from_status=from_status,
            to_status=locked.status, actor=user, payload=form.cleaned_data,
        )
        hand_over(locked, user)
        try:
            # Only what the transition, its listeners and the hand-over changed is written.
            locked.save(update_fields=_changed_fields(locked, loaded))
        except ConcurrentTransition as exc:
            raise TransitionConflict(_("Nhiệm vụ vừa được người khác cập nhật.")) from exc
        transaction.on_commit(lambda: case_transition_committed.send(
            sender=model, case=locked, transition=name, from_status=from_status,
            to_status=locked.status, actor=user,
        ))
    return locked


def _check_expected(case, expected_status, expected_version) -> None:
    stale = (
        (expected_status not in (None, "") and str(expected_status) != case.status)
        or (expected_version not in (None, "") and str(expected_version) != case_version(case))
    )
    if stale:
        raise TransitionConflict(
            _("Nhiệm vụ đã chuyển sang trạng thái “%(status)s” kể từ khi bạn mở nó; "
              "hãy xem lại trước khi thao tác.") % {"status": case.get_status_display()})


def _field_values(case) -> dict:
    return {f.attname: getattr(case, f.attname) for f in case._meta.concrete_fields}


def _changed_fields(case, loaded: dict) -> list[str]:
    """The case's fields that differ from ``loaded`` (the case has no mutable field values),
    plus the modification time."""
    changed = [f.name for f in case._meta.concrete_fields
               if getattr(case, f.attname) != loaded[f.attname]]
    return [*changed, "updated_at"] if "updated_at" not in changed else changed


# --- the viewflow side ----------------------------------------------------------------

def start_process(case):
    """Start the case's process; the route puts the case on its first desk."""
    return CaseFlow.start.run(case=case)


def open_desk_task(case, *, with_owner=False):
    """The open desk task: the human task of the case's process that is not done yet.

    The process owns this fact; the case does not keep a copy of it. ``with_owner`` reads
    its owner and their profile in the same query (pages that name them).

    The newest if ever there were two, chosen here rather than by ``ORDER BY … LIMIT 1``:
    a case has one open desk task, and for an ORDER BY Django compares each of the ~30
    selected columns with it, a tenth of this lookup's work."""
    tasks = (
        Task.objects.filter(
            # Both halves of the artifact index: (content type, object id).
            process__artifact_content_type=ContentType.objects.get_for_model(case),
            process__artifact_object_id=case.pk,
            process__flow_class=CaseFlow,
            flow_task_type="HUMAN",
            status__in=OPEN_TASK_STATUSES,
        )
        .select_related("process", *(("owner__profile",) if with_owner else ()))
        .order_by()
    )
    return max(tasks, key=attrgetter("pk"), default=None)


def desk_activation(task):
    """viewflow's activation of a desk task, through which every task operation goes."""
    return task.flow_task.activation_class(task)


def hand_over(case, user):
    """Complete the open desk task if the case has moved to another desk.

    While the same desk keeps the case (an officer who accepts a proposal right after
    checking it) the task stays open: no viewflow work is needed. Otherwise whoever took
    the transition takes the desk task (from its queue, or viewflow's reassign when someone
    else held it) and completes it; the desk routes the process to the next desk.
    """
    task = open_desk_task(case)
    if task is None:
        return None
    desk = DESK.get(case.status)
    if desk is not None and task.flow_task.name == DESK_NODES[desk]:
        return task
    task.process.artifact = case  # the route reads the status from this instance
    activation = desk_activation(task)
    if task.owner_id is None:
        activation.take(user)  # claimed by the completion's own save (nodes.DeskActivation)
    elif task.owner_id != user.pk:
        activation.reassign(user)
    activation.start(None)
    activation.execute()
    return task


def desk_and_process_agree(case) -> bool:
    """The invariant the tests hold: the open desk task is the FSM's desk for the status."""
    task = open_desk_task(case)
    desk = DESK.get(case.status)
    if desk is None:
        return task is None
    return task is not None and task.flow_task.name == DESK_NODES[desk]


__all__ = [
    "InvalidPayload", "Status", "TransitionConflict", "TransitionError", "TransitionForbidden",
    "UnknownTransition", "available_transitions", "case_version", "desk_activation",
    "open_desk_task", "perform_transition", "start_process",
]
