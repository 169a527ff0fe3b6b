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
from ..models import Council, CouncilStatus, CouncilType, Outcome, OutcomeResult
from ..permissions import can_decide
from ..signals import council_decided


def _latest_outcome(council):
    outcome = Outcome.objects.filter(council=council, round=council.round).first()
    if outcome is None:
        raise CouncilConflict(_("Chưa có kết quả tổng hợp phiếu của phiên này."))
    return outcome


def decision_transition(council, outcome) -> str:
    """The case transition deciding on ``outcome`` takes (what ``_apply`` does), so the
    decider's button can name it."""
    kind = council.council_type
    if kind == CouncilType.IDENTIFICATION:
        return "list_task" if outcome.result == OutcomeResult.PASSED else "reject"
    if kind in (CouncilType.SELECTION, CouncilType.DIRECT_ASSIGNMENT):
        return "select"
    if kind == CouncilType.BUDGET_APPRAISAL:
        return "appraise_budget"
    return "fail_acceptance" if outcome.result == OutcomeResult.FAIL else "record_acceptance"


def _apply(council, outcome, by, data):
    case = council.case
    kind = council.council_type
    reason = data.get("comment") or str(outcome.get_result_display())
    if kind == CouncilType.IDENTIFICATION:
        if outcome.result == OutcomeResult.PASSED:
            perform_transition(case=case, name="list_task", user=by, data={
                "decision_number": data.get("decision_number", ""),
                "decision_date": data.get("decision_date", "")})
        else:
            perform_transition(case=case, name="reject", user=by, data={"comment": reason})
    elif kind in (CouncilType.SELECTION, CouncilType.DIRECT_ASSIGNMENT):
        for dossier in council.dossiers.select_related("case"):
            if outcome.winner_id == dossier.case_id:
                perform_transition(case=dossier.case, name="select", user=by,
                                   data={"comment": data.get("comment", "")})
            elif dossier.case.status == "selection_review":
                perform_transition(case=dossier.case, name="reject", user=by,
                                   data={"comment": reason})
    elif kind == CouncilType.BUDGET_APPRAISAL:
        perform_transition(case=case, name="appraise_budget", user=by,
                           data={"appraised_budget": outcome.appraised_amount})
    elif outcome.result == OutcomeResult.FAIL:
        perform_transition(case=case, name="fail_acceptance", user=by, data={"comment": reason})
    else:
        perform_transition(case=case, name="record_acceptance", user=by, data={
            "rating": outcome.result, "minutes_number": data.get("minutes_number", "")})


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
