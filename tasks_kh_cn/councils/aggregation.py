"""The legal aggregation rules, as pure functions (no database, no clock).

Every threshold comes in as an argument read from the council's frozen rule snapshot;
exact arithmetic with ``Fraction`` so that boundaries (exactly 70, exactly 3/4, exactly
1/3, exactly 20%) fall on the side the text says.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tasks_kh_cn.numbers import localized


def fraction(value) -> Fraction:
    """A threshold from rule data: "3/4", 70, "0.2" → Fraction."""
    return Fraction(str(value))


# --- quorum ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Seat:
    """A seated, non-excluded member as the quorum rule sees them."""

    role: str
    present: bool
    authorised_vice_chair: bool = False


@dataclass
class QuorumCheck:
    met: bool
    present: int
    total: int
    reasons: list[str] = field(default_factory=list)


def check_quorum(seats: Sequence[Seat], *, quorum, needs_chair: bool, reviewers: int,
                 needs_secretary: bool) -> QuorumCheck:
    """TT 06/2023, TT 20/2023, TT 11/2014: at least ``quorum`` of the members present,
    including the chair (or a vice-chair authorised to chair), the reviewers and, where the
    text says so, the scientific secretary."""
    total = len(seats)
    present = [seat for seat in seats if seat.present]
    reasons = []
    if total == 0 or Fraction(len(present), total) < fraction(quorum):
        reasons.append(_("Chỉ có %(present)s/%(total)s thành viên có mặt, cần tối thiểu "
                         "%(quorum)s.") % {"present": len(present), "total": total,
                                           "quorum": quorum})
    if needs_chair and not any(seat.role == "chair" or (
            seat.role == "vice_chair" and seat.authorised_vice_chair) for seat in present):
        reasons.append(_("Vắng chủ tịch hội đồng và không có phó chủ tịch được ủy quyền."))
    present_reviewers = sum(seat.role == "reviewer" for seat in present)
    if present_reviewers < reviewers:
        # The count decides the English verb ("only 1 is", "only 2 are").
        reasons.append(ngettext("Cần đủ %(needed)s ủy viên phản biện có mặt, mới có %(present)s.",
                                "Cần đủ %(needed)s ủy viên phản biện có mặt, mới có %(present)s.",
                                present_reviewers)
                       % {"needed": reviewers, "present": present_reviewers})
    if needs_secretary and not any(seat.role == "secretary" for seat in present):
        reasons.append(_("Vắng thư ký khoa học."))
    return QuorumCheck(met=not reasons, present=len(present), total=total, reasons=reasons)


# --- identification (TT 06/2023) ---------------------------------------------------------

@dataclass
class IdentificationResult:
    passed: bool
    meets: int
    total: int


def aggregate_identification(votes: Sequence[bool], *, pass_more_than) -> IdentificationResult:
    """A proposal passes with MORE than 3/4 of ballots "Đạt yêu cầu" (exactly 3/4 fails)."""
    total = len(votes)
    meets = sum(1 for vote in votes if vote)
    passed = total > 0 and Fraction(meets, total) > fraction(pass_more_than)
    return IdentificationResult(passed=passed, meets=meets, total=total)


# --- selection and direct assignment (TT 20/2023) -----------------------------------------

@dataclass(frozen=True)
class ScoredBallot:
    member: int
    scores: dict  # criterion code → number

    @property
    def total(self) -> Fraction:
        return sum((fraction(v) for v in self.scores.values()), Fraction(0))


@dataclass(frozen=True)
class Candidate:
    key: int
    ballots: tuple
    present: int  # members present when the round closed (the 1/4-zero denominator)
    host_is_proposer: bool = False
    state_budget: int = 0
    excellent_recent_task: bool = False


@dataclass
class CandidateResult:
    key: int
    mean_all: Fraction
    average: Fraction
    final: Fraction
    content_average: Fraction
    bonus_applied: bool
    eligible: bool
    invalid: list = field(default_factory=list)  # [{"member", "total", "deviation", "reason"}]
    zero_criteria: list = field(default_factory=list)
    reasons: list = field(default_factory=list)


@dataclass
class SelectionResult:
    ranking: list
    winner: int | None
    tie: bool
    decided_by: str = ""  # "score" or the tie-break that separated the first two


def _score_candidate(candidate: Candidate, *, min_average, zero_more_than, deviation_more_than,
                     bonus, content_criterion) -> CandidateResult:
    ballots = list(candidate.ballots)
    reasons = []
    if not ballots:
        return CandidateResult(candidate.key, Fraction(0), Fraction(0), Fraction(0), Fraction(0),
                               False, False, reasons=[_("Không có phiếu hợp lệ.")])
    mean_all = sum((b.total for b in ballots), Fraction(0)) / len(ballots)
    limit = fraction(deviation_more_than)
    valid, invalid = [], []
    for ballot in ballots:
        deviation = abs(ballot.total - mean_all) / mean_all if mean_all else Fraction(0)
        # TT 20/2023: a ballot MORE than 20% off the mean is invalid (exactly 20% counts).
        if deviation > limit:
            item = {"member": ballot.member, "total": float(ballot.total),
                    "deviation": float(deviation), "mean": float(mean_all),
                    "limit": float(limit)}
            invalid.append({**item, "reason": deviation_reason(item)})
        else:
            valid.append(ballot)
    average = (sum((b.total for b in valid), Fraction(0)) / len(valid)) if valid else Fraction(0)
    content_average = (sum((fraction(b.scores.get(content_criterion, 0)) for b in valid),
                           Fraction(0)) / len(valid)) if valid else Fraction(0)
    # TT 20/2023: no criterion scored 0 by MORE than 1/4 of the members present. Counted on
    # every ballot of a present member, valid or not (the text speaks of members present).
    criteria = sorted({code for b in ballots for code in b.scores})
    zero_criteria = [
        code for code in criteria
        if candidate.present and Fraction(
            sum(1 for b in ballots if fraction(b.scores.get(code, 0)) == 0), candidate.present
        ) > fraction(zero_more_than)
    ]
    threshold = fraction(min_average)
    if not valid:
        reasons.append(_("Không có phiếu hợp lệ."))
    if average < threshold:
        reasons.append(_("Điểm trung bình %(avg)s dưới %(min)s.") % {
            "avg": _fmt(average), "min": _fmt(threshold)})
    for code in zero_criteria:
        reasons.append(_("Tiêu chí “%(code)s” bị chấm 0 điểm bởi quá %(share)s số thành viên "
                         "có mặt.") % {"code": code, "share": zero_more_than})
    eligible = not reasons
    # TT 20/2023: +10% when the host is also the proposer and the score is at least 70.
    bonus_applied = candidate.host_is_proposer and average >= threshold
    final = average * (1 + fraction(bonus)) if bonus_applied else average
    return CandidateResult(candidate.key, mean_all, average, final, content_average,
                           bonus_applied, eligible, invalid, zero_criteria, reasons)


TIE_BREAK_KEYS = {
    "state_budget": lambda c, r: c.state_budget,
    "excellent_recent_task": lambda c, r: 0 if c.excellent_recent_task else 1,
    "content_score": lambda c, r: -r.content_average,
}
# TT 20/2023, in order: smaller state budget request; an "Xuất sắc" national task in the
# last 5 years; the higher content score. The council rule's "tie_break_order" says which
# order applies to a case (rules are data); this is only the fallback for older snapshots.
DEFAULT_TIE_BREAK_ORDER = ("state_budget", "excellent_recent_task", "content_score")


def aggregate_selection(candidates: Sequence[Candidate], *, min_average, zero_more_than,
                        deviation_more_than, bonus, content_criterion,
                        tie_break_order=None) -> SelectionResult:
    tie_breaks = [(name, TIE_BREAK_KEYS[name])
                  for name in (tie_break_order or DEFAULT_TIE_BREAK_ORDER)]
    by_key = {c.key: c for c in candidates}
    results = [_score_candidate(c, min_average=min_average, zero_more_than=zero_more_than,
                                deviation_more_than=deviation_more_than, bonus=bonus,
                                content_criterion=content_criterion) for c in candidates]

    def sort_key(result):
        candidate = by_key[result.key]
        return (not result.eligible, -result.final,
                *(key(candidate, result) for _name, key in tie_breaks))

    ranking = sorted(results, key=sort_key)
    eligible = [r for r in ranking if r.eligible]
    if not eligible:
        return SelectionResult(ranking=ranking, winner=None, tie=False)
    if len(eligible) == 1 or eligible[0].final != eligible[1].final:
        return SelectionResult(ranking=ranking, winner=eligible[0].key, tie=False,
                               decided_by="score")
    first, second = by_key[eligible[0].key], by_key[eligible[1].key]
    for name, key in tie_breaks:
        if key(first, eligible[0]) != key(second, eligible[1]):
            return SelectionResult(ranking=ranking, winner=first.key, tie=False, decided_by=name)
    return SelectionResult(ranking=ranking, winner=None, tie=True)


# --- acceptance (TT 11/2014) -------------------------------------------------------------

@dataclass
class AcceptanceResult:
    rating: str  # "excellent" | "pass" | "fail"
    counts: dict
    late: bool
    reasons: list = field(default_factory=list)


def filed_too_late(*, due: datetime.date | None, filed: datetime.date | None,
                   late_filing_months: int) -> bool:
    """TT 11/2014: a dossier filed MORE than 6 months after it was due is "Không đạt"."""
    if due is None or filed is None:
        return False
    return filed > due + relativedelta(months=late_filing_months)


def aggregate_acceptance(ratings: Sequence[str], *, excellent_at_least, fail_more_than,
                         late: bool = False) -> AcceptanceResult:
    """Xuất sắc with ≥3/4 "Xuất sắc" and no "Không đạt"; Không đạt with MORE than 1/3;
    otherwise Đạt. ``ratings`` are those of the members present."""
    total = len(ratings)
    counts = {"excellent": ratings.count("excellent"), "pass": ratings.count("pass"),
              "fail": ratings.count("fail"), "total": total}
    if late:
        return AcceptanceResult("fail", counts, True,
                                [_("Nộp hồ sơ đánh giá nghiệm thu chậm quá thời hạn cho phép.")])
    if total == 0:
        return AcceptanceResult("fail", counts, False, [_("Không có phiếu đánh giá.")])
    if Fraction(counts["fail"], total) > fraction(fail_more_than):
        return AcceptanceResult("fail", counts, False, [
            _("%(n)s/%(total)s phiếu “Không đạt”, quá %(share)s.") % {
                "n": counts["fail"], "total": total, "share": fail_more_than}])
    if counts["fail"] == 0 and Fraction(counts["excellent"], total) >= fraction(
            excellent_at_least):
        return AcceptanceResult("excellent", counts, False)
    return AcceptanceResult("pass", counts, False)


def member_acceptance_floor(items: dict, *, report_key: str = "report") -> str | None:
    """The best overall rating a member may give for their item ratings (TT 11/2014).

    "Đạt" needs the report Đạt and at least 3/4 of the products Đạt or better [U: the
    text splits products into quantity, quality and type; we rate each product once].
    Returns "fail" when the items force "Không đạt", "pass" when "Xuất sắc" is excluded
    by a failing item, else None (any rating allowed).
    """
    products = [v for k, v in items.items() if k != report_key]
    if items.get(report_key) == "fail":
        return "fail"
    if products and Fraction(sum(v != "fail" for v in products), len(products)) < Fraction(3, 4):
        return "fail"
    if any(v == "fail" for v in items.values()):
        return "pass"
    return None


# --- budget appraisal [U: the texts give no aggregation; the team agrees on a figure] ----

def aggregate_budget(amounts: Sequence[int]) -> int | None:
    """The median of the amounts proposed by members present (robust to one outlier)."""
    values = sorted(int(a) for a in amounts)
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) // 2


def deviation_reason(item: dict) -> str:
    """Why a ballot was not counted, in the reader's language and number format: worded when
    shown from the figures kept with the outcome, not from the text stored when it closed."""
    if "mean" not in item:  # an outcome from before the figures were kept
        return item.get("reason", "")
    return _("Tổng điểm %(total)s lệch %(dev)s%% so với điểm trung bình "
             "%(mean)s (quá %(limit)s%%).") % {
        "total": _fmt(item["total"]), "dev": _fmt(item["deviation"] * 100),
        "mean": _fmt(item["mean"]), "limit": _fmt(item["limit"] * 100)}


def _fmt(value) -> str:
    return localized(value, 2)
