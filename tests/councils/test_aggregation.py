"""The legal aggregation rules at their boundaries (REGULATIONS.md B1, B2, B5)."""

import datetime
from fractions import Fraction

import pytest

from tasks_kh_cn.councils.aggregation import (
    Candidate,
    ScoredBallot,
    Seat,
    aggregate_acceptance,
    aggregate_budget,
    aggregate_identification,
    aggregate_selection,
    check_quorum,
    filed_too_late,
    member_acceptance_floor,
)

MAX = {"overview": 12, "content_methods": 24, "products": 16, "applicability": 16,
       "feasibility_budget": 16, "capacity": 16}
SELECTION = dict(min_average=70, zero_more_than="1/4", deviation_more_than="1/5",
                 bonus="1/10", content_criterion="content_methods")


def ballot(member, total, **overrides):
    """A ballot whose criteria are ``total``% of each maximum, then ``overrides``."""
    scores = {code: str(Fraction(total) * top / 100) for code, top in MAX.items()}
    scores.update({k: str(v) for k, v in overrides.items()})
    return ScoredBallot(member, scores)


def candidate(key, totals, *, present=None, **fields):
    ballots = tuple(ballot(n, t) if not isinstance(t, ScoredBallot) else t
                    for n, t in enumerate(totals, 1))
    return Candidate(key=key, ballots=ballots, present=present or len(ballots), **fields)


# --- identification: MORE than 3/4 "Đạt yêu cầu" -------------------------------------------

def test_identification_exactly_three_quarters_does_not_pass():
    result = aggregate_identification([True] * 6 + [False] * 2, pass_more_than="3/4")
    assert (result.meets, result.total, result.passed) == (6, 8, False)


def test_identification_just_over_three_quarters_passes():
    assert aggregate_identification([True] * 7 + [False] * 2, pass_more_than="3/4").passed
    assert aggregate_identification([True] * 7, pass_more_than="3/4").passed


def test_identification_without_ballots_does_not_pass():
    assert not aggregate_identification([], pass_more_than="3/4").passed


# --- quorum: ≥2/3 including chair (or authorised vice-chair), reviewers, secretary ----------

def seats(present_roles, absent_roles=(), vice_authorised=False):
    return ([Seat(r, True, r == "vice_chair" and vice_authorised) for r in present_roles]
            + [Seat(r, False) for r in absent_roles])


FULL = dict(quorum="2/3", needs_chair=True, reviewers=2, needs_secretary=True)
NINE = ["chair", "vice_chair", "secretary", "reviewer", "reviewer", "member", "member",
        "member", "member"]


def test_quorum_exactly_two_thirds_is_met():
    check = check_quorum(seats(NINE[:6], NINE[6:]), **FULL)
    assert check.met and (check.present, check.total) == (6, 9)


def test_quorum_below_two_thirds_is_not_met():
    check = check_quorum(seats(NINE[:5], NINE[5:]), **FULL)
    assert not check.met and "5/9" in check.reasons[0]


def test_quorum_needs_the_chair_or_an_authorised_vice_chair():
    present = ["vice_chair", "secretary", "reviewer", "reviewer", "member", "member", "member"]
    assert not check_quorum(seats(present, ["chair", "member"]), **FULL).met
    assert check_quorum(seats(present, ["chair", "member"], vice_authorised=True), **FULL).met


def test_quorum_needs_both_reviewers_and_the_secretary():
    no_reviewer = ["chair", "vice_chair", "secretary", "reviewer", "member", "member", "member"]
    check = check_quorum(seats(no_reviewer, ["reviewer", "member"]), **FULL)
    assert not check.met and any("phản biện" in r for r in check.reasons)
    no_secretary = ["chair", "vice_chair", "reviewer", "reviewer", "member", "member", "member"]
    assert not check_quorum(seats(no_secretary, ["secretary", "member"]), **FULL).met
    # TT 20/2023 names no secretary in the selection quorum.
    assert check_quorum(seats(no_secretary, ["secretary", "member"]),
                        **{**FULL, "needs_secretary": False}).met


def test_budget_team_quorum_four_of_five():
    team = dict(quorum="4/5", needs_chair=False, reviewers=0, needs_secretary=False)
    assert check_quorum(seats(["chair", "secretary", "member", "member"], ["member"]), **team).met
    assert not check_quorum(seats(["chair", "secretary", "member"], ["member"] * 2), **team).met


# --- selection: ≥70, the 1/4-zero rule, 20% deviation, +10% bonus, tie-breaks --------------

def test_exactly_seventy_is_eligible():
    result = aggregate_selection([candidate(1, [70] * 7)], **SELECTION)
    assert result.winner == 1 and result.ranking[0].average == 70


def test_just_under_seventy_is_not_eligible():
    result = aggregate_selection([candidate(1, [70] * 6 + [Fraction(6993, 100)])], **SELECTION)
    assert result.winner is None
    assert not result.ranking[0].eligible and "dưới 70" in result.ranking[0].reasons[0]


def test_zero_from_exactly_a_quarter_of_members_present_is_allowed():
    zero = ballot(1, 80, products=0, overview=12, content_methods=24, applicability=16,
                  feasibility_budget=16, capacity=16)  # total 84 with products 0
    ballots = [zero, ScoredBallot(2, zero.scores)] + [ballot(n, 80) for n in range(3, 9)]
    result = aggregate_selection([candidate(1, ballots)], **SELECTION)
    assert result.ranking[0].zero_criteria == [] and result.winner == 1


def test_zero_from_more_than_a_quarter_of_members_present_disqualifies():
    zero = ballot(1, 80, products=0, overview=12, content_methods=24, applicability=16,
                  feasibility_budget=16, capacity=16)
    ballots = [ScoredBallot(n, zero.scores) for n in (1, 2, 3)] + [
        ballot(n, 80) for n in range(4, 9)]
    result = aggregate_selection([candidate(1, ballots)], **SELECTION)
    assert result.ranking[0].zero_criteria == ["products"] and result.winner is None


def test_zero_rule_counts_against_members_present_not_ballots():
    zero = ballot(1, 80, products=0, overview=12, content_methods=24, applicability=16,
                  feasibility_budget=16, capacity=16)
    ballots = [ScoredBallot(n, zero.scores) for n in (1, 2, 3)] + [
        ballot(n, 80) for n in range(4, 9)]
    # 3 zeros among 12 present (someone abstained on this dossier) is exactly 1/4: allowed.
    result = aggregate_selection([candidate(1, ballots, present=12)], **SELECTION)
    assert result.ranking[0].zero_criteria == []


def test_ballot_exactly_twenty_percent_off_the_mean_is_valid():
    # mean = (96 + 4 × 76) / 5 = 80; 96 is exactly 20% above it.
    result = aggregate_selection([candidate(1, [96, 76, 76, 76, 76])], **SELECTION)
    assert result.ranking[0].invalid == [] and result.ranking[0].average == 80


def test_ballot_more_than_twenty_percent_off_the_mean_is_invalid_and_says_why():
    result = aggregate_selection([candidate(1, [Fraction(965, 10), 76, 76, 76, 76])],
                                 **SELECTION)
    (invalid,) = result.ranking[0].invalid
    assert invalid["member"] == 1 and "lệch" in invalid["reason"]
    assert result.ranking[0].average == 76  # the invalid ballot is excluded


def test_bonus_of_ten_percent_for_host_that_also_proposed_from_seventy():
    bonus = candidate(1, [70] * 7, host_is_proposer=True)
    plain = candidate(2, [76] * 7)
    result = aggregate_selection([bonus, plain], **SELECTION)
    assert result.ranking[0].final == 77 and result.ranking[0].bonus_applied
    assert result.winner == 1


def test_no_bonus_below_seventy():
    result = aggregate_selection([candidate(1, [69] * 7, host_is_proposer=True)], **SELECTION)
    assert not result.ranking[0].bonus_applied and result.winner is None


def test_tie_break_one_smaller_state_budget():
    result = aggregate_selection([candidate(1, [80] * 7, state_budget=600),
                                  candidate(2, [80] * 7, state_budget=500)], **SELECTION)
    assert (result.winner, result.decided_by) == (2, "state_budget")


def test_tie_break_two_excellent_national_task_in_five_years():
    result = aggregate_selection([candidate(1, [80] * 7, state_budget=500),
                                  candidate(2, [80] * 7, state_budget=500,
                                            excellent_recent_task=True)], **SELECTION)
    assert (result.winner, result.decided_by) == (2, "excellent_recent_task")


def test_tie_break_three_higher_content_score():
    more_content = [ballot(n, 80, content_methods=24, overview=Fraction(48, 10))
                    for n in range(1, 8)]
    # 80% everywhere gives content 19.2 and overview 9.6; this one moves 4.8 points to content.
    assert more_content[0].total == 80
    result = aggregate_selection([candidate(1, [80] * 7, state_budget=500),
                                  candidate(2, more_content, state_budget=500)], **SELECTION)
    assert (result.winner, result.decided_by) == (2, "content_score")


def test_complete_tie_has_no_winner():
    result = aggregate_selection([candidate(1, [80] * 7, state_budget=500),
                                  candidate(2, [80] * 7, state_budget=500)], **SELECTION)
    assert result.tie and result.winner is None


def test_higher_score_wins_before_any_tie_break():
    result = aggregate_selection([candidate(1, [80] * 7, state_budget=100),
                                  candidate(2, [81] * 7, state_budget=900)], **SELECTION)
    assert (result.winner, result.decided_by) == (2, "score")


# --- acceptance: Xuất sắc ≥3/4 and no Không đạt; Không đạt >1/3; else Đạt ------------------

ACCEPT = dict(excellent_at_least="3/4", fail_more_than="1/3")


def test_exactly_three_quarters_excellent_without_fail_is_excellent():
    assert aggregate_acceptance(["excellent"] * 6 + ["pass"] * 2, **ACCEPT).rating == "excellent"


def test_just_under_three_quarters_excellent_is_pass():
    assert aggregate_acceptance(["excellent"] * 5 + ["pass"] * 2, **ACCEPT).rating == "pass"


def test_excellent_majority_with_one_fail_is_pass():
    assert aggregate_acceptance(["excellent"] * 8 + ["fail"], **ACCEPT).rating == "pass"


def test_exactly_one_third_fail_is_pass():
    assert aggregate_acceptance(["pass"] * 6 + ["fail"] * 3, **ACCEPT).rating == "pass"


def test_more_than_one_third_fail_is_fail():
    result = aggregate_acceptance(["pass"] * 5 + ["fail"] * 4, **ACCEPT)
    assert result.rating == "fail" and "4/9" in result.reasons[0]


def test_filing_more_than_six_months_late_fails_whatever_the_votes():
    due = datetime.date(2026, 1, 31)
    assert not filed_too_late(due=due, filed=datetime.date(2026, 7, 31), late_filing_months=6)
    assert filed_too_late(due=due, filed=datetime.date(2026, 8, 1), late_filing_months=6)
    result = aggregate_acceptance(["excellent"] * 9, late=True, **ACCEPT)
    assert result.rating == "fail" and result.late


@pytest.mark.parametrize(("items", "floor"), [
    ({"product-1": "pass", "report": "fail"}, "fail"),
    ({"product-1": "fail", "product-2": "pass", "report": "pass"}, "fail"),  # 1/2 < 3/4
    ({"product-1": "fail", "product-2": "pass", "product-3": "pass", "product-4": "pass",
      "report": "excellent"}, "pass"),  # exactly 3/4 of products: Đạt, not Xuất sắc
    ({"product-1": "excellent", "report": "excellent"}, None),
])
def test_member_rating_floor(items, floor):
    assert member_acceptance_floor(items) == floor


def test_budget_median():
    assert aggregate_budget([900, 800, 850, 10, 870]) == 850
    assert aggregate_budget([800, 900]) == 850
    assert aggregate_budget([]) is None
