"""The plan's dated milestones (appendix 5.1, 5.2): met, met late, still open or missed."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import PlanMilestone
from .selectors import plan_progress

LABELS = {"met": lambda: _("Đã đạt đúng hạn"), "late": lambda: _("Đạt sau hạn"),
          "open": lambda: _("Chưa đến hạn"), "missed": lambda: _("Quá hạn, chưa đạt")}


@dataclass
class MilestoneState:
    milestone: PlanMilestone
    status: str
    value: object = None

    @property
    def status_label(self) -> str:
        return LABELS[self.status]()


def milestone_states(as_of: datetime.date) -> list[MilestoneState]:
    milestones = list(PlanMilestone.objects.all())
    # One progress table per distinct date (the milestones share two or three dates).
    dates = {min(m.due_on, as_of) for m in milestones if m.measure} | {as_of}
    values = {day: {p.measure: p.value for p in plan_progress(day)} for day in dates}
    out = []
    for m in milestones:
        if m.measure and m.figure is not None:
            at_due = values[min(m.due_on, as_of)].get(m.measure, 0)
            now = values[as_of].get(m.measure, 0)
            status = ("met" if at_due >= m.figure else "open" if as_of <= m.due_on
                      else "late" if now >= m.figure else "missed")
            out.append(MilestoneState(m, status, now))
        elif m.achieved_on and m.achieved_on <= as_of:
            out.append(MilestoneState(m, "met" if m.achieved_on <= m.due_on else "late"))
        else:
            out.append(MilestoneState(m, "open" if as_of <= m.due_on else "missed"))
    return out
