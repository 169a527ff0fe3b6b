"""Selection (with a tie and a second round), budget appraisal and a failed acceptance."""

import pytest
from django.test import TestCase

from tasks_kh_cn.councils.errors import InvalidBallot
from tasks_kh_cn.councils.models import Council, Outcome
from tasks_kh_cn.councils.services import (
    close_round,
    decide,
    declare_conflict,
    form_council,
    submit_ballot,
)
from tasks_kh_cn.councils.signals import council_formed
from tasks_kh_cn.services.cases import assign_officer
from tests.councils.helpers import (
    ballot_items,
    council_people,
    member_specs,
    run_council,
    vote_all,
)
from tests.factories import act, make_case, upload_required, walk
from workflows.councils.base import open_task, process_of
from workflows.services import desk_and_process_agree


def case_in_selection_review(cast, **fields):
    """A case through its identification council up to its dossier being opened."""
    case = make_case(cast.host, **fields)
    upload_required(case, "proposal", cast.host)
    case = act(case, "submit", cast.host)
    assign_officer(case=case, officer=cast.officer)
    case = act(case, "accept_proposal", cast.officer)
    case = run_council(case, cast, "identification", decision={
        "decision_number": "9/QĐ-UBND", "decision_date": "2026-01-02"})
    upload_required(case, "appraisal", cast.host)
    case = act(case, "submit_dossier", cast.host)
    return act(case, "open_dossier", cast.officer)


def test_selection_tie_goes_to_a_second_round_then_the_winner_is_selected(cast):
    first = case_in_selection_review(cast, requested_budget=500_000_000)
    second = case_in_selection_review(cast, requested_budget=500_000_000)
    specs = member_specs(council_people(7), "selection")
    formed = []
    council_formed.connect(lambda sender, council, ballots_due, **kw: formed.append(ballots_due),
                           weak=False, dispatch_uid="test-formed")
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            council = form_council(case=first, council_type="selection", members=specs,
                                   by=cast.officer, candidates=[second])
    finally:
        council_formed.disconnect(dispatch_uid="test-formed")
    assert formed == [council.ballots_due]
    # Round 1: every member scores both dossiers 80 → same score, same budget, no
    # "Xuất sắc" task, same content score: a complete tie.
    for spec in specs:
        declare_conflict(council=council, user=spec["user"], has_conflict=False)
        for dossier in (first, second):
            submit_ballot(council=council, user=spec["user"], dossier=dossier,
                          items=ballot_items(council, score=80))
    secretary = specs[1]["user"]
    close_round(council=council, by=secretary)
    council = Council.objects.get(pk=council.pk)
    assert Outcome.objects.get(council=council, round=1).result == "tie"
    assert (council.status, council.round) == ("in_session", 2)  # the flow reopened it
    assert open_task(process_of(council), "cast_ballot", seat=1) is not None
    # Round 2: the second dossier scores higher.
    for spec in specs:
        for dossier, score in ((first, 75), (second, 85)):
            submit_ballot(council=council, user=spec["user"], dossier=dossier,
                          items=ballot_items(council, score=score))
    close_round(council=council, by=secretary)
    outcome = Outcome.objects.get(council=council, round=2)
    assert outcome.result == "selected" and outcome.winner_id == second.pk
    decide(council=council, by=cast.approver, data={"comment": "Trúng tuyển"})
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.status, first.status) == ("revising", "rejected")
    assert desk_and_process_agree(second) and desk_and_process_agree(first)


def test_budget_appraisal_team_records_the_median_figure(cast):
    case = walk(make_case(cast.host), cast, until="appraise_budget")
    specs = member_specs(council_people(5), "budget_appraisal")
    council = form_council(case=case, council_type="budget_appraisal", members=specs,
                           by=case.assigned_officer)
    for spec, amount in zip(specs, [800, 850, 860, 900, 100], strict=True):
        vote_all(council, [spec], amount=amount * 1_000_000)
    close_round(council=council, by=specs[1]["user"])
    assert Outcome.objects.get(council=council).appraised_amount == 850_000_000
    decide(council=council, by=cast.finance)
    case.refresh_from_db()
    assert case.status == "awaiting_approval" and case.appraised_budget == 850_000_000


def test_acceptance_with_more_than_a_third_failing_fails_and_restricts_the_host(cast):
    case = walk(make_case(cast.host), cast, until="record_acceptance")
    specs = member_specs(council_people(9), "acceptance")
    council = form_council(case=case, council_type="acceptance", members=specs,
                           by=case.assigned_officer, products=["Mô hình trình diễn"])
    vote_all(council, specs[:5], rating="pass", overall="pass")
    vote_all(council, specs[5:], rating="fail", overall="fail")
    close_round(council=council, by=specs[1]["user"])
    assert Outcome.objects.get(council=council).result == "fail"
    decide(council=council, by=cast.approver, data={"comment": "4/9 phiếu không đạt"})
    case.refresh_from_db()
    case.host.refresh_from_db()
    assert case.status == "rejected" and case.acceptance_rating == "fail"
    assert case.host.restricted_from_calls


def test_member_cannot_rate_excellent_over_a_failing_report(cast):
    case = walk(make_case(cast.host), cast, until="record_acceptance")
    specs = member_specs(council_people(9), "acceptance")
    council = form_council(case=case, council_type="acceptance", members=specs,
                           by=case.assigned_officer)
    user = specs[0]["user"]
    declare_conflict(council=council, user=user, has_conflict=False)
    items = ballot_items(council, rating="excellent")
    items["report"] = {"rating": "fail"}
    with pytest.raises(InvalidBallot):
        submit_ballot(council=council, user=user, items=items, overall="excellent")
    assert submit_ballot(council=council, user=user, items=items, overall="fail").status == \
        "submitted"
