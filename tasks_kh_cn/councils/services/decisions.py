"""The decider takes the council's outcome onto the case through the case's FSM.

The case status only ever changes in ``workflows.services.perform_transition``; the
conditions in ``tasks_kh_cn.councils.conditions`` make those transitions wait for a
decided council with the matching outcome.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.councils.base import complete_task, council_lock
from workflows.services import perform_transition

from ..errors import CouncilConflict, CouncilError, CouncilForbidden
from ..kinds import OTHERS, WINNER, kind_of
from ..models import Council, CouncilStatus, Outcome, OutcomeResult
from ..permissions import can_decide
from ..signals import council_decided
from .meetings import close_meeting_deadline
from .publishing import publish_result


def _latest_outcome(council):
    outcome = Outcome.objects.filter(council=council, round=council.round).first()
    if outcome is None:
        raise CouncilConflict(_("Chưa có kết quả tổng hợp phiếu của phiên này."))
    return outcome


# The data each case transition a council outcome triggers takes (workflows/lifecycle.py).
PAYLOADS = {
    "list_task": lambda outcome, data, reason: {
        "decision_number": data.get("decision_number", ""),
        "decision_date": data.get("decision_date", "")},
    "reject": lambda outcome, data, reason: {"comment": reason},
    "select": lambda outcome, data, reason: {"comment": data.get("comment", "")},
    "appraise_budget": lambda outcome, data, reason: {
        "appraised_budget": outcome.appraised_amount},
    "fail_acceptance": lambda outcome, data, reason: {"comment": reason},
    "record_acceptance": lambda outcome, data, reason: {
        "rating": outcome.result, "minutes_number": data.get("minutes_number", "")},
}


def _move(case, name, by, outcome, data, reason):
    perform_transition(case=case, name=name, user=by, data=PAYLOADS[name](outcome, data, reason))


def decision_transition(council, outcome) -> str:
    """The case transition deciding on ``outcome`` takes (the kind's row, as ``_apply``), so
    the decider's button can name it; for a selection, the winner's."""
    kind = kind_of(council)
    return kind.transition_for(WINNER if kind.per_dossier else outcome.result)


def _apply(council, outcome, by, data):
    """The transition the council kind's row names for this outcome (kinds.KINDS)."""
    kind = kind_of(council)
    reason = data.get("comment") or str(outcome.get_result_display())
    if not kind.per_dossier:
        _move(council.case, kind.transition_for(outcome.result), by, outcome, data, reason)
        return
    for dossier in council.dossiers.select_related("case"):
        if outcome.winner_id == dossier.case_id:
            _move(dossier.case, kind.transition_for(WINNER), by, outcome, data, reason)
        elif dossier.case.status == kind.sits_in:
            _move(dossier.case, kind.transition_for(OTHERS), by, outcome, data, reason)


def decide(*, council, by, data=None) -> Council:
    """Accept the outcome of the closed round and move the case(s) accordingly."""
    data = dict(data or {})
    with council_lock(council) as process:
        council = Council.objects.select_related("case").get(pk=council.pk)
        decision = can_decide(by, council)
        if not decision:
            raise CouncilForbidden(decision.reason)
        if council.status != CouncilStatus.CLOSED:
            raise CouncilConflict(_("Hội đồng chưa kết thúc phiên hoặc đã có quyết định."))
        outcome = _latest_outcome(council)
        if outcome.result == OutcomeResult.TIE:
            raise CouncilConflict(_("Kết quả bằng điểm: hội đồng phải bỏ phiếu lại."))
        council.decide(by=by, at=timezone.now())
        council.save()
        council_decided.send(sender=Council, council=council)
        _apply(council, outcome, by, data)
        publish_result(council, outcome, data)
        close_meeting_deadline(council, "decision", "council_decided")
        complete_task(process, "decide", by)
    return Council.objects.get(pk=council.pk)


def request_second_round(*, council, by, reason: str) -> Council:
    """The decider sends the council back for a second round (reason recorded on the outcome)."""
    with council_lock(council) as process:
        council = Council.objects.get(pk=council.pk)
        decision = can_decide(by, council)
        if not decision:
            raise CouncilForbidden(decision.reason)
        if not reason.strip():
            raise CouncilError(_("Cần nêu lý do."), errors={"reason": [_("Cần nêu lý do.")]})
        if council.status != CouncilStatus.CLOSED:
            raise CouncilConflict(_("Chỉ yêu cầu bỏ phiếu lại khi phiên đã kết thúc."))
        outcome = _latest_outcome(council)
        outcome.details = {**outcome.details, "second_round_requested": reason.strip()}
        outcome.save(update_fields=["details"])
        council.reopen()
        council.save()
        complete_task(process, "decide", by)
    return Council.objects.get(pk=council.pk)
