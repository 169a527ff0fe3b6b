"""The authority's deadline to decide a change request (TT 04/2015: within 30 days).

The figure is ``ChangeRule.decision_days`` of the case's rule version; the deadline is a
``notifications.Deadline`` row (so the reminder sweep reminds the approver like any other),
opened with the request and closed when it is decided or withdrawn. Calendar days, moved
to the next working day when the last one is a day off (Bộ luật Dân sự 2015 art. 148).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.deadline_titles import in_both
from notifications.models import Deadline, DeadlineStatus, DueUnit
from workflows.deadlines import due_date, end_of
from workflows.roles import Role

from .models import ChangeKind


def decision_code(change) -> str:
    return f"change-{change.pk}-decision"


def open_decision_deadline(change, rule) -> Deadline:
    asked = timezone.localdate(change.requested_at or timezone.now())
    due = due_date(asked, rule.decision_days, DueUnit.CALENDAR_DAYS)
    title, title_en = in_both(_("Quyết định đề nghị: %(kind)s"),
                              {"kind": ChangeKind(change.kind).label})
    return Deadline.objects.create(
        case=change.case, rule_set_id=change.case.rule_set_id, code=decision_code(change),
        title=title, title_en=title_en, owed_by_role=Role.APPROVER,
        due_at=end_of(due), due_on=due, amount=rule.decision_days, unit=DueUnit.CALENDAR_DAYS,
        legal_basis=rule.legal_basis, legal_article=rule.legal_article,
        is_default_assumption=rule.is_default_assumption, source_transition="request_change",
    )


def close_decision_deadline(change, label: str) -> None:
    satisfied = label != "withdraw_change"
    for deadline in Deadline.objects.select_for_update().filter(
            case_id=change.case_id, code=decision_code(change), status=DeadlineStatus.OPEN):
        (deadline.satisfy if satisfied else deadline.cancel)(transition_name=label)
        deadline.save(update_fields=["status", "closed_at", "closed_by_transition"])
