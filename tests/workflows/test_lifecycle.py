"""The story of a case: from draft to completed, and the three ways out."""

import pytest

from tasks_kh_cn.models import CaseKind, TransitionLog
from tests.factories import (
    act,
    make_case,
    prepare_documents,
    research_path,
    take_step,
    upload_required,
    walk,
)
from workflows.lifecycle import COUNCIL, DESK, PHASE_OF, TERMINAL, Phase, Status
from workflows.services import (
    all_transitions,
    available_transitions,
    desk_and_process_agree,
    open_desk_task,
)

pytestmark = pytest.mark.django_db


def test_research_case_goes_through_every_phase_to_completed(cast):
    case = make_case(cast.host)
    assert case.code.startswith("TH-") and case.status == Status.DRAFT
    phases_seen = [case.phase]
    for name, user, data, stage in research_path(cast):
        case = take_step(case, cast, name, user, data, stage)
        phases_seen.append(case.phase)
        # The viewflow process always has the desk the FSM says owes the next step.
        assert desk_and_process_agree(case), (name, case.status)
    assert case.status == Status.COMPLETED
    assert [p for i, p in enumerate(phases_seen) if i == 0 or phases_seen[i - 1] != p] == [
        Phase.PROPOSAL, Phase.APPRAISAL, Phase.CONTRACT, Phase.IMPLEMENTATION,
        Phase.ACCEPTANCE, Phase.COMPLETED,
    ]
    history = list(TransitionLog.objects.filter(case=case).order_by("at", "id"))
    assert [h.transition for h in history] == [step[0] for step in research_path(cast)]
    assert history[0].actor == cast.host and history[0].from_status == "draft"
    # Liquidation closes the case (tasks_kh_cn.funding): the officer, after the minutes.
    assert history[-1].to_status == "completed" and history[-1].actor == cast.officer
    assert case.approved_budget == 800_000_000 and case.settled_amount == 0  # nothing advanced
    assert case.end_date is not None
    assert open_desk_task(case) is None  # the process ended with the case


@pytest.mark.parametrize("kind", [CaseKind.ENTERPRISE_SUPPORT, CaseKind.PILOT_MODEL])
def test_other_kinds_share_the_lifecycle(cast, kind):
    case = make_case(cast.host, kind=kind)
    case = walk(case, cast, until="finish_implementation")
    assert case.status == Status.IN_PROGRESS
    assert desk_and_process_agree(case)


def test_rejected_when_the_officer_finds_the_proposal_invalid(cast):
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    case = act(case, "reject_invalid", cast.officer, comment="Trùng lặp với nhiệm vụ đã thực hiện")
    assert case.status == Status.REJECTED and case.phase == Phase.REJECTED
    assert desk_and_process_agree(case)
    assert TransitionLog.objects.filter(case=case).last().comment.startswith("Trùng lặp")


def test_withdrawn_by_the_host_during_appraisal(cast):
    case = walk(make_case(cast.host), cast, until="open_dossier")
    case = act(case, "withdraw", cast.host, comment="Doanh nghiệp không đủ vốn đối ứng")
    assert case.status == Status.WITHDRAWN
    assert desk_and_process_agree(case)


def test_terminated_by_the_approver_during_implementation(cast):
    case = walk(make_case(cast.host), cast, until="finish_implementation")
    case = act(case, "suspend", cast.approver, comment="Chậm tiến độ, không nộp báo cáo định kỳ")
    assert case.status == Status.SUSPENDED and desk_and_process_agree(case)
    case = act(case, "terminate", cast.approver, comment="Không khắc phục sau tạm dừng")
    assert case.status == Status.TERMINATED
    assert desk_and_process_agree(case)


def test_returned_proposal_comes_back_and_goes_on(cast):
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    case = act(case, "return_proposal", cast.officer, comment="Thiếu mục tiêu cụ thể",
               due_working_days=5)
    assert case.status == Status.RETURNED and desk_and_process_agree(case)
    case = act(case, "resubmit", cast.host)
    assert case.status == Status.SUBMITTED and desk_and_process_agree(case)


def test_failed_acceptance_restricts_the_host(cast):
    from tests.councils.helpers import run_council

    case = walk(make_case(cast.host), cast, until="record_acceptance")
    case = run_council(case, cast, "acceptance", rating="fail",
                       decision={"comment": "Sản phẩm không đạt chỉ tiêu"})
    assert case.status == Status.REJECTED
    case.host.refresh_from_db()
    assert case.host.restricted_from_calls and case.code in case.host.restriction_reason


# --- the FSM and the process cannot disagree ----------------------------------------

def test_every_non_side_transition_is_taken_by_the_desk_of_its_source():
    for name, spec in all_transitions().items():
        if spec.custom["side"]:
            continue
        for source in [t.source for t in _specs_named(name)]:
            if DESK[source] == COUNCIL:
                # The council has the case: only its outcome, decided by the approver, moves it.
                assert spec.custom["after_council"] and spec.conditions, (name, source)
            else:
                assert DESK[source] == spec.custom["actor"], (name, source)
                assert not spec.custom["after_council"], name


def test_every_non_terminal_status_has_a_desk_and_a_phase():
    for status in Status.values:
        assert status in PHASE_OF
        assert (status in DESK) != (status in TERMINAL), status


def test_desk_user_always_has_a_transition_to_take(cast):
    """Whoever's desk a case is on can move it: no status strands its desk."""
    case = make_case(cast.host)
    by_role = {"enterprise": cast.host, "officer": cast.officer, "approver": cast.approver,
               "finance": cast.finance}
    for name, user, data, stage in research_path(cast):
        if stage:
            upload_required(case, stage, cast.host)
        if DESK[case.status] == COUNCIL:
            # The officer on the council desk forms the council (tests/councils tell that story).
            assert open_desk_task(case).owner == cast.officer
        else:
            # What the desk does before moving it (signed scans, results registration).
            prepare_documents(case, name, cast, cast.host)
            desk_user = by_role[DESK[case.status]]
            assert any(o.allowed for o in available_transitions(case, desk_user)), case.status
        case = take_step(case, cast, name, user, data)


def _specs_named(name):
    from tasks_kh_cn.models import TaskCase

    return [t for t in TaskCase._meta.get_field("status").get_all_transitions(TaskCase)
            if t.name == name]


def test_a_hand_over_completes_the_desk_task_and_links_the_next_one(cast):
    """viewflow's own records stay whole: the finished task, its owner, and the link."""
    from viewflow.workflow.status import STATUS

    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    first = open_desk_task(case)
    assert first.flow_task.name == "enterprise_desk"
    case = act(case, "submit", cast.host)
    first.refresh_from_db()
    assert first.status == STATUS.DONE and first.owner == cast.host
    assert first.started is not None and first.finished is not None
    following = open_desk_task(case)
    assert following.flow_task.name == "officer_desk" and following.owner == case.assigned_officer
    assert list(following.previous.all()) == [first]


def test_a_hand_over_costs_a_fixed_number_of_queries(cast, django_assert_num_queries):
    """Pinned: the case lock (the case's row alone), the roles (the desk task is assigned to
    the case's officer by id: no read of the officer), the
    history row, the deadlines, the desk hand-over (find the open desk task; the approver claims
    the queue's task and completes it in one write; the next task and its link) and the case
    row — plus the test transaction's savepoint and release. The contract also reads the
    first-advance share of the case's rule version (TTLT 27/2015 art. 13, a ``RuleFigure``
    row). Each transition with a notice records its occurrence (one INSERT; the notice table
    is read once a minute per process, here once since the test starts cold)."""
    from django.contrib.auth import get_user_model

    steps = {name: data for name, _user, data, _stage in research_path(cast)}
    case = walk(make_case(cast.host), cast, until="approve")
    approver = get_user_model().objects.get(pk=cast.approver.pk)  # nothing cached on the user
    # + 1 for the notice occurrence + 5 for the approval decision issued in the same
    # transaction (tasks_kh_cn.funding.issuing: the template locked, the last number, the
    # people, the host it names, the row).
    with django_assert_num_queries(17):
        case = act(case, "approve", approver, **steps["approve"])
    officer = get_user_model().objects.get(pk=cast.officer.pk)
    # + 1 (notice) + 7: the contract issued likewise, the rules of its payment schedule; + 1:
    # the first-advance share of the case's rule version. The notice table is not read again:
    # the first read took every event's row.
    with django_assert_num_queries(18):
        case = act(case, "prepare_contract", officer, **steps["prepare_contract"])
    assert case.status == Status.AWAITING_SIGNATURES and desk_and_process_agree(case)
