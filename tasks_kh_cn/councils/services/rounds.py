"""Rounds: opening, closing (quorum first), aggregating and the decision on the case."""

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import DueUnit
from tasks_kh_cn.models import TaskCase
from tasks_kh_cn.people import person_name
from workflows.councils.base import complete_task, council_lock
from workflows.deadlines import due_date

from .. import aggregation as agg
from ..errors import CouncilConflict, CouncilForbidden
from ..models import (
    Ballot,
    BallotStatus,
    Council,
    CouncilStatus,
    CouncilType,
    Outcome,
    OutcomeResult,
)
from ..permissions import is_council_secretary
from ..signals import council_formed, council_round_closed, council_round_opened


def open_round(*, council) -> Council:
    """Called by the process: ballots open, ``ballots_due`` set from the frozen rule."""
    council = Council.objects.get(pk=council.pk)
    if council.status == CouncilStatus.FORMING:
        council.open_session()
    elif council.status == CouncilStatus.CLOSED:
        council.reopen()  # a tie: the members vote again
    if council.round > 1:
        council.members.filter(replaced_by__isnull=True).update(present=True)
    # Counted in calendar days from the day the round opens (the deadline row says so:
    # workflows.council_deadlines); BLDS 2015 art. 148: a limit whose last day is a day off
    # ends on the next working day (it fell on a Sunday, 13/12/2026, for a council formed
    # on Tuesday 08/12).
    council.ballots_due = due_date(timezone.localdate(),
                                   council.rules_snapshot.get("ballots_due_days", 7),
                                   DueUnit.CALENDAR_DAYS)
    council.save()
    due, number = council.ballots_due, council.round
    transaction.on_commit(lambda: council_round_opened.send(
        sender=Council, council=council, round=number, ballots_due=due))
    if number == 1:
        transaction.on_commit(lambda: council_formed.send(
            sender=Council, council=council, ballots_due=due))
    return council


def seated(council, members=None):
    """Active members who are not excluded: the council as the quorum rule counts it.

    ``members``: the council's member rows already loaded (a page that shows them all
    checks the quorum without asking the database again)."""
    if members is None:
        members = council.members.filter(replaced_by__isnull=True).select_related("user")
    return [m for m in members if m.replaced_by_id is None and not m.is_excluded]


def quorum_of(council, members=None) -> agg.QuorumCheck:
    rule = council.rules_snapshot
    return agg.check_quorum(
        [agg.Seat(m.role, m.present, m.authorised_vice_chair) for m in seated(council, members)],
        quorum=rule["quorum"], needs_chair=rule["quorum_needs_chair"],
        reviewers=rule["reviewers"] if rule["quorum_needs_reviewers"] else 0,
        needs_secretary=rule["quorum_needs_secretary"],
    )


def close_round(*, council, by) -> Council:
    """The secretary closes the round; refused without quorum or with ballots missing."""
    with council_lock(council) as process:
        council = Council.objects.get(pk=council.pk)
        decision = is_council_secretary(by, council)
        if not decision:
            raise CouncilForbidden(decision.reason)
        if council.status != CouncilStatus.IN_SESSION:
            raise CouncilConflict(_("Phiên bỏ phiếu không mở."))
        # The seats, read once for the size, the quorum and the ballots still missing.
        members = list(council.members.filter(replaced_by__isnull=True).select_related("user"))
        seated_now = len(seated(council, members))
        if seated_now < council.rules_snapshot["min_members"]:
            # TT 06/2023, TT 20/2023, TT 11/2014 size the council; a member excluded for a
            # conflict of interest must be replaced before it can conclude.
            raise CouncilConflict(
                ngettext("Hội đồng chỉ còn %(n)s thành viên (tối thiểu %(min)s): cần thay thế "
                         "thành viên bị loại do xung đột lợi ích.",
                         "Hội đồng chỉ còn %(n)s thành viên (tối thiểu %(min)s): cần thay thế "
                         "thành viên bị loại do xung đột lợi ích.", seated_now) % {
                    "n": seated_now, "min": council.rules_snapshot["min_members"]},
                errors={"members": [_("Cần thay thế thành viên bị loại.")]})
        meeting = council.meetings.filter(round=council.round).first()
        if meeting is not None and meeting.attendance_recorded_at is None:
            # The council that meets concludes at its meeting, on the attendance recorded
            # there (the quorum counts those present).
            raise CouncilConflict(_("Cần điểm danh tại phiên họp trước khi kết thúc phiên."),
                                  errors={"present": [_("Chưa điểm danh.")]})
        # site_teams → meetings → rounds (``seated``): the team's check waits for the call.
        from .site_teams import site_report_missing

        if site_report_missing(council):
            raise CouncilConflict(_("Tổ chuyên gia kiểm tra chưa nộp báo cáo."),
                                  errors={"site_team": [_("Chưa có báo cáo kiểm tra.")]})
        check = quorum_of(council, members)
        if not check.met:
            raise CouncilConflict(_("Hội đồng chưa đủ điều kiện họp: %(reasons)s")
                                  % {"reasons": " ".join(check.reasons)},
                                  errors={"quorum": check.reasons})
        dossiers = council.dossiers.count()
        submitted = Counter(Ballot.objects.filter(
            council=council, round=council.round, status=BallotStatus.SUBMITTED,
        ).order_by().values_list("member_id", flat=True))
        missing = [person_name(m.user) for m in seated(council, members)
                   if m.present and submitted[m.pk] < dossiers]
        if missing:
            raise CouncilConflict(
                _("Thành viên có mặt chưa nộp phiếu: %(names)s. Chờ nộp hoặc ghi nhận vắng mặt.")
                % {"names": ", ".join(missing)}, errors={"missing": missing})
        council.close_round(at=timezone.now())
        council.save()
        complete_task(process, "close_round", by)
        council_round_closed.send(sender=Council, council=council, round=council.round)
    return Council.objects.get(pk=council.pk)


def counted_ballots(council, members=None):
    """Submitted ballots of this round from members present and not excluded."""
    present = [m.pk for m in seated(council, members) if m.present]
    return (Ballot.objects.filter(council=council, round=council.round,
                                  status=BallotStatus.SUBMITTED, member_id__in=present)
            .select_related("member", "dossier__case").prefetch_related("items"))


def aggregate_round(*, council, by=None) -> Outcome:
    """Called by the process after the round closed: the outcome under the frozen rule."""
    council = Council.objects.select_related("case").get(pk=council.pk)
    rule = council.rules_snapshot
    params = rule.get("parameters", {})
    members = list(council.members.filter(replaced_by__isnull=True))
    ballots = list(counted_ballots(council, members))
    present = sum(1 for m in seated(council, members) if m.present)
    fields = {"winner": None, "appraised_amount": None}
    kind = council.council_type
    if kind == CouncilType.IDENTIFICATION:
        res = agg.aggregate_identification([b.overall == "meets" for b in ballots],
                                           pass_more_than=params["pass_more_than"])
        result = OutcomeResult.PASSED if res.passed else OutcomeResult.NOT_PASSED
        details = {"meets": res.meets, "total": res.total, "pass_more_than":
                   params["pass_more_than"]}
    elif kind in (CouncilType.SELECTION, CouncilType.DIRECT_ASSIGNMENT):
        result, details, fields["winner"] = _selection(council, ballots, present, params)
    elif kind == CouncilType.BUDGET_APPRAISAL:
        amounts = [item.score for b in ballots for item in b.items.all()
                   if item.criterion == "appraised_budget" and item.score is not None]
        fields["appraised_amount"] = agg.aggregate_budget(amounts)
        result = OutcomeResult.APPRAISED
        details = {"amounts": [int(a) for a in amounts]}
    else:
        case = council.case
        due = case.end_date + datetime.timedelta(days=params.get("filing_days", 30)) \
            if case.end_date else None
        filed = timezone.localdate(case.acceptance_submitted_at) \
            if case.acceptance_submitted_at else None
        late = agg.filed_too_late(due=due, filed=filed,
                                  late_filing_months=params["late_filing_months"])
        res = agg.aggregate_acceptance([b.overall for b in ballots],
                                       excellent_at_least=params["excellent_at_least"],
                                       fail_more_than=params["fail_more_than"], late=late)
        result = res.rating
        details = {"counts": res.counts, "late": res.late, "reasons": res.reasons}
    details["present"] = present
    details["ballots"] = len(ballots)
    details["quorum"] = quorum_of(council, members).__dict__
    return Outcome.objects.create(
        council=council, round=council.round, result=result, details=details,
        rule_set_code=rule.get("rule_set_code", ""),
        rule_version={k: rule[k] for k in ("rule_id", "rule_set_code", "effective_from",
                                           "legal_basis", "parameters", "quorum")},
        created_at=timezone.now(), created_by=by, **fields,
    )


def _selection(council, ballots, present, params):
    content = params.get("content_criterion", "content_methods")
    candidates = []
    for dossier in council.dossiers.select_related("case"):
        case = dossier.case
        candidates.append(agg.Candidate(
            key=dossier.case_id, present=present,
            ballots=tuple(agg.ScoredBallot(b.member_id, {i.criterion: i.score
                                                          for i in b.items.all()})
                          for b in ballots if b.dossier_id == dossier.pk),
            # TT 20/2023: the host that also proposed the task gets the bonus. An empty
            # proposer is not the host: only a case that names its host as proposer gets it.
            host_is_proposer=case.proposer_id is not None and case.proposer_id == case.host_id,
            state_budget=case.requested_budget,
            excellent_recent_task=dossier.excellent_recent_task,
        ))
    res = agg.aggregate_selection(candidates, min_average=params["min_average"],
                                  zero_more_than=params["zero_more_than"],
                                  deviation_more_than=params["deviation_more_than"],
                                  bonus=params["bonus"], content_criterion=content,
                                  tie_break_order=params.get("tie_break_order"))
    ranking = [{
        "case": r.key, "average": float(r.average), "final": float(r.final),
        "mean_all": float(r.mean_all), "content_average": float(r.content_average),
        "bonus": r.bonus_applied, "eligible": r.eligible, "invalid": r.invalid,
        "zero_criteria": r.zero_criteria, "reasons": r.reasons,
    } for r in res.ranking]
    if res.tie:
        result = OutcomeResult.TIE
    elif res.winner is None:
        result = OutcomeResult.NO_WINNER
    else:
        result = OutcomeResult.SELECTED

    winner = TaskCase.objects.get(pk=res.winner) if res.winner else None
    return result, {"ranking": ranking, "decided_by": res.decided_by}, winner


def needs_second_round(council) -> bool:
    outcome = Outcome.objects.filter(council=council).order_by("-round").first()
    return outcome is not None and outcome.result == OutcomeResult.TIE
