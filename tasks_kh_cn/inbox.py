"""One inbox, fed by every part: each pending decision is on somebody's desk.

Each part of the product contributes its kind of work item through ``register`` (in its
AppConfig.ready): the case desks (here), council tasks (councils), change requests
(changes), the deadlines a user owes (notifications), and whatever later parts add. The
inbox knows none of them.

``Inbox(user)`` is a sequence over all sources, one kind after another in registration
order, each in its own order: ``counts()`` asks one COUNT per source (one grouped COUNT
for all the sources of viewflow tasks), and a slice reads
rows only from the sources the slice overlaps. Django's Paginator and DRF's pagination take
it as they take a QuerySet, so the number of queries of a page does not grow with the
number of items.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workflows.flows import CaseFlow
from workflows.queues import open_task_counts, open_tasks

from .models import TaskCase


@dataclass
class WorkItem:
    kind: str
    case: TaskCase | None  # None for a programme deadline (the plan's reports, surveys)
    label: str
    created: object
    task_id: int | None = None
    due: object = None
    extra: dict = field(default_factory=dict)
    url: str = ""

    def __post_init__(self):
        if not self.url:
            self.url = reverse("web:case-detail", args=[self.case.pk])


@dataclass(frozen=True)
class InboxSource:
    """``rows(user)`` is the ordered QuerySet of what ``user`` owes; ``items(rows)`` turns a
    slice of it into work items with a fixed number of queries."""

    kind: str
    label: object
    rows: Callable
    items: Callable
    # For a source whose rows are viewflow's open tasks of one flow (``open_tasks``):
    # ``flow()`` names that flow, and the inbox counts all such sources in one grouped query.
    flow: Callable | None = None


_SOURCES: dict[str, InboxSource] = {}


def register(source: InboxSource) -> None:
    _SOURCES[source.kind] = source


def unregister(kind: str) -> None:
    _SOURCES.pop(kind, None)


def sources() -> list[InboxSource]:
    return list(_SOURCES.values())


def kinds() -> dict[str, str]:
    return {source.kind: str(source.label) for source in _SOURCES.values()}


class Inbox:
    """The work items ``user`` owes, optionally of some ``kinds`` only."""

    def __init__(self, user, kinds=None):
        self.user = user
        self.sources = [s for s in _SOURCES.values() if not kinds or s.kind in kinds]
        self._counts = None

    def counts(self) -> dict[str, int]:
        if self._counts is None:
            flows = {s.kind: s.flow() for s in self.sources if s.flow is not None}
            tasks = open_task_counts(self.user, list(flows.values())) if flows else {}
            self._counts = {s.kind: tasks[flows[s.kind]] if s.kind in flows
                            else s.rows(self.user).count() for s in self.sources}
        return self._counts

    def narrowed(self, kinds) -> "Inbox":
        """The same inbox of ``kinds`` only, sharing the counts already asked (the inbox
        page shows every tab's count and lists one tab: one COUNT per source, not two)."""
        if not kinds:
            return self
        narrow = Inbox(self.user, kinds=kinds)
        if self._counts is not None:
            narrow._counts = {s.kind: self._counts[s.kind] for s in narrow.sources}
        return narrow

    def count(self) -> int:
        return sum(self.counts().values())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice):
            return self[window:window + 1][0]
        start, stop = window.start or 0, window.stop if window.stop is not None else self.count()
        items, offset = [], 0
        for source in self.sources:
            size = self.counts()[source.kind]
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                items += source.items(list(source.rows(self.user)[low:high]))
            offset += size
            if offset >= stop:
                break
        return items


def inbox_items(user, *, limit=None) -> list[WorkItem]:
    """The first ``limit`` items the user owes (all of them without a limit)."""
    inbox = Inbox(user)
    return inbox[:limit] if limit is not None else inbox[:]


# --- the case desks ---------------------------------------------------------------------

DESK_LABELS = {
    "enterprise_desk": _("Tổ chức chủ trì"),
    "officer_desk": _("Chuyên viên thụ lý"),
    "council_desk": _("Hội đồng đang họp: chuyên viên thụ lý theo dõi"),
    "approver_desk": _("Lãnh đạo Sở"),
    "finance_desk": _("Kế toán, tài chính"),
}


def case_desk_rows(user):
    return open_tasks(user, [CaseFlow])


def case_desk_items(tasks) -> list[WorkItem]:
    cases = TaskCase.objects.select_related("host").in_bulk(
        {task.process.artifact_object_id for task in tasks})
    return [
        WorkItem(kind="task", case=cases[task.process.artifact_object_id], task_id=task.pk,
                 created=task.created, label=str(DESK_LABELS.get(task.flow_task.name,
                                                                 task.flow_task.name)),
                 extra={"owner_id": task.owner_id})
        for task in tasks if task.process.artifact_object_id in cases
    ]


CASE_DESKS = InboxSource(kind="task", label=_("Hồ sơ chờ xử lý"), rows=case_desk_rows,
                         items=case_desk_items, flow=lambda: CaseFlow)
