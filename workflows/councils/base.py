"""What every council flow shares: the per-seat split, who owns each task, and the lock.

Join correctness needs a real lock: on PostgreSQL the flows take
``select_for_update_lock`` on the process row; SQLite serialises writers itself, so
there we keep viewflow's ``no_lock``.
"""

from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from viewflow.workflow import lock
from viewflow.workflow.activation import Activation
from viewflow.workflow.nodes.split import Split, SplitActivation
from viewflow.workflow.status import PROCESS, STATUS

from tasks_kh_cn.councils.kinds import kind_of
from tasks_kh_cn.councils.models import Council, CouncilMember, CouncilProcess

LOCK = lock.select_for_update_lock if settings.IS_POSTGRES else lock.no_lock
OPEN = (STATUS.NEW, STATUS.ASSIGNED)


class SeatSplitActivation(SplitActivation):
    @Activation.status.super()
    def activate(self):
        """One branch per item of a data source (one per seat), plus the plain branches."""
        for node, cond, data_source in self.flow_task._branches:
            if cond and not cond(self):
                continue
            if data_source is None:
                self.next_tasks.append((node, None))
            else:
                self.next_tasks.extend((node, item) for item in data_source(self))


class SeatSplit(Split):
    """flow.Split that fans a branch out per seat (``task.data = {"seat": n}``)."""

    activation_class = SeatSplitActivation

    def Next(self, node, case=None, data_source=None):
        self._activate_next.append((node, case, data_source))
        return self


# --- node callables ------------------------------------------------------------------------

def council_of(activation):
    return activation.process.artifact


def council_pk(activation):
    """The council's key as the process stores it: the checks that read the council's
    current status ask the database anyway, without loading the council first."""
    return activation.process.artifact_object_id


def occupants(activation) -> dict:
    """The council's active members (with their users) by seat, read once per process object.

    The nodes of one step ask about the same seats several times (excluded? cleared? whose
    task?): at forming, three questions for each of seven to nine seats. A process object
    lives for one service call (``council_lock``) or one viewflow node, and the services
    write the members before they complete a task, so what the nodes read here is what the
    database holds."""
    process = activation.process
    seats = getattr(process, "council_occupants", None)
    if seats is None:
        seats = process.council_occupants = {
            member.seat: member for member in CouncilMember.objects
            .filter(council_id=council_pk(activation), replaced_by__isnull=True)
            .select_related("user")}
    return seats


def _seats(activation, wanted):
    return [{"seat": seat} for seat, member in sorted(occupants(activation).items())
            if wanted(member)]


# Where each seat's work begins when a round opens: the split sends each seat straight to
# its task, as the two gates (seat_check, conflict_check) do for a seat whose occupant was
# just replaced, without writing two gateway tasks per seat (at forming, 18 of a nine-seat
# council's 31 tasks; tests/councils/test_flow_shape.py).
def excluded_seats(activation):
    """Seats whose occupant is excluded (a member of the host or a partner, or one who
    declared a conflict): the officer replaces them."""
    return _seats(activation, lambda member: member.is_excluded)


def cleared_seats(activation):
    """Seats whose occupant declared no conflict (a second round): straight to the ballot."""
    return _seats(activation, lambda member: not member.is_excluded and member.is_cleared)


def undeclared_seats(activation):
    """Seats whose occupant has yet to declare: the declaration first."""
    return _seats(activation, lambda member: not member.is_excluded and not member.is_cleared)


def keep_seat(activation):
    return {"seat": activation.task.data["seat"]}


def occupant(activation):
    return occupants(activation)[activation.task.data["seat"]]


def occupant_user(activation):
    return occupant(activation).user


def seat_excluded(activation):
    return occupant(activation).is_excluded


def seat_cleared(activation):
    return occupant(activation).is_cleared


def case_officer(activation):
    return council_of(activation).case.assigned_officer


def council_secretary(activation):
    return council_of(activation).members.get(role="secretary", replaced_by__isnull=True).user


def round_closed(activation, active_tasks):
    """The secretary closed the round: seats still open (absent members) are cancelled."""
    return Council.objects.filter(pk=council_pk(activation)).exclude(
        status="in_session").exists()


def decider_permission(activation):
    """The permission the decide task waits for: the decider of the council's kind row."""
    return kind_of(council_of(activation)).decider_permission


def second_round_needed(activation):
    # A real cycle: the flow calls the round services, and they drive the flow (complete_task).
    from tasks_kh_cn.councils.services.rounds import needs_second_round

    return needs_second_round(council_of(activation))


def reopened_by_decider(activation):
    return Council.objects.filter(pk=council_pk(activation), status="in_session").exists()


# --- driving the process from the services -------------------------------------------------

def process_of(council):
    content_type = ContentType.objects.get_for_model(type(council))
    return (CouncilProcess.objects.filter(artifact_content_type=content_type,
                                          artifact_object_id=council.pk)
            .order_by("-pk").first())


@contextmanager
def council_lock(council):
    """The process lock of the council's flow, taken FIRST by every service that moves it."""
    process = process_of(council)
    if process is None:
        with transaction.atomic():
            yield None
        return
    # The flow's lock runs in a transaction of its own (select_for_update_lock, no_lock);
    # the block needs no second savepoint inside it, only to be atomic without the lock.
    with process.flow_class.lock(process.pk), transaction.atomic(savepoint=False):
        yield process


def open_task(process, node_name, *, seat=None):
    if process is None:
        return None
    tasks = process.task_set.filter(status__in=OPEN).order_by("pk")
    for task in tasks:
        if task.flow_task.name != node_name:
            continue
        if seat is None or task.data.get("seat") == seat:
            return task
    return None


def complete_task(process, node_name, user, *, seat=None):
    """Finish the open human task ``node_name`` (of ``seat``) as ``user``; call under the lock."""
    task = open_task(process, node_name, seat=seat)
    if task is None:
        return None
    activation = task.flow_task.activation_class(task)
    if task.status == STATUS.NEW:
        activation.assign(user)
    elif task.owner_id != user.pk:
        activation.reassign(user)
    activation.start(None)
    activation.execute()
    return task


class CouncilFlowMixin:
    """The callables the council flows' Function/StartHandle nodes run (services do the work)."""

    lock_impl = LOCK

    def start_council(self, activation, council):
        activation.process.artifact = council
        return activation.process

    def open_ballots(self, activation):
        # A real cycle: the flow calls the round services, and they drive the flow (complete_task).
        from tasks_kh_cn.councils.services.rounds import open_round

        open_round(council=council_of(activation))

    def aggregate_ballots(self, activation):
        # A real cycle: the flow calls the round services, and they drive the flow (complete_task).
        from tasks_kh_cn.councils.services.rounds import aggregate_round

        aggregate_round(council=council_of(activation))


def council_and_process_agree(council) -> bool:
    """The invariant tests hold: the council's FSM and its process say the same thing.

    in_session ↔ the secretary's close task is open; closed ↔ the decider's task is open;
    decided ↔ the process is done.
    """
    process = process_of(council)
    if process is None:
        return False
    closing = open_task(process, "close_round") is not None
    deciding = open_task(process, "decide") is not None
    expected = {
        "in_session": (closing, not deciding, process.status != PROCESS.DONE),
        "closed": (not closing, deciding),
        "decided": (not closing, not deciding, process.status == PROCESS.DONE),
    }.get(council.status, (False,))
    return all(expected)
