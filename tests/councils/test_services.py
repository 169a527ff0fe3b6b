"""Councils through their services: composition, conflicts, blindness, quorum, frozen rules."""

import pytest
from django.contrib.auth.models import Group
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from tasks_kh_cn.councils.errors import (
    CouncilConflict,
    CouncilError,
    CouncilForbidden,
    CouncilNotFound,
)
from tasks_kh_cn.councils.models import Council, CouncilMember, CouncilRule, Outcome
from tasks_kh_cn.councils.permissions import can_open_dossier, can_view_council
from tasks_kh_cn.councils.selectors import visible_ballots
from tasks_kh_cn.councils.services import (
    close_round,
    decide,
    declare_conflict,
    form_council,
    mark_absent,
    replace_member,
    request_second_round,
    save_ballot,
    submit_ballot,
)
from tasks_kh_cn.people import person_name
from tasks_kh_cn.selectors import visible_cases
from tests.councils.helpers import ballot_items, council_people, member_specs
from tests.factories import make_enterprise_user
from workflows.councils.base import council_and_process_agree, open_task, process_of
from workflows.roles import Role
from workflows.services import (
    InvalidPayload,
    TransitionConflict,
    available_transitions,
    perform_transition,
)


def vote(council, user, verdict="meets"):
    declare_conflict(council=council, user=user, has_conflict=False)
    submit_ballot(council=council, user=user, items=ballot_items(council, verdict=verdict))


def fresh(council):
    return Council.objects.get(pk=council.pk)


def test_the_case_cannot_be_listed_before_its_council_decides(cast, identification_case):
    options = {o.name: o for o in available_transitions(identification_case, cast.approver)}
    assert not options["list_task"].allowed
    assert "Chưa thành lập Hội đồng tư vấn xác định nhiệm vụ" in options["list_task"].reason
    with pytest.raises(TransitionConflict):
        perform_transition(case=identification_case, name="list_task", user=cast.approver,
                           data={"decision_number": "1/QĐ", "decision_date": "2026-01-01"})


def test_composition_is_checked_against_the_rule(cast, identification_case):
    officer = identification_case.assigned_officer
    with pytest.raises(CouncilError) as too_small:
        form_council(case=identification_case, council_type="identification",
                     members=member_specs(council_people(6)), by=officer)
    assert "từ 7 đến 11" in too_small.value.errors["members"][0]
    no_secretary = member_specs(council_people(7))
    no_secretary[1]["role"] = "member"
    with pytest.raises(CouncilError) as missing:
        form_council(case=identification_case, council_type="identification",
                     members=no_secretary, by=officer)
    assert any("thư ký" in e for e in missing.value.errors["members"])
    with pytest.raises(CouncilForbidden):
        form_council(case=identification_case, council_type="identification",
                     members=member_specs(council_people(7)), by=cast.other_officer)


def test_formed_council_opens_ballots_with_a_due_date(formed):
    council, users = formed
    assert council.status == "in_session" and council.ballots_due is not None
    assert council_and_process_agree(council)
    with pytest.raises(AttributeError):
        council.status = "decided"  # one protected state field: only transitions move it
    process = process_of(council)
    assert open_task(process, "declare_conflict", seat=1).owner == users[0]
    assert open_task(process, "close_round").owner == users[1]  # the secretary


def test_declared_conflict_excludes_and_the_officer_replaces(formed, identification_case):
    council, users = formed
    member = users[4]
    declare_conflict(council=council, user=member, has_conflict=True, note="Đồng tác giả")
    assert not can_open_dossier(member, council)
    assert identification_case not in visible_cases(member)
    with pytest.raises(CouncilConflict):
        submit_ballot(council=council, user=member, items=ballot_items(council))
    process = process_of(council)
    task = open_task(process, "replace_member", seat=5)
    assert task.owner == identification_case.assigned_officer
    (newcomer,) = council_people(1)
    seat = council.members.get(user=member)
    replace_member(council=council, member=seat, user=newcomer,
                   by=identification_case.assigned_officer)
    assert open_task(process, "declare_conflict", seat=5).owner == newcomer
    vote(council, newcomer)
    assert can_open_dossier(newcomer, council)
    assert identification_case in visible_cases(newcomer)


def test_member_of_the_host_is_excluded_automatically(cast, identification_case):
    insider = make_enterprise_user(organisation=identification_case.host, username="insider")
    # An expert on the department's list (only they may sit) who works for the host.
    insider.groups.add(Group.objects.get_or_create(name=Role.REVIEWER)[0])
    specs = member_specs(council_people(6) + [insider])
    council = form_council(case=identification_case, council_type="identification",
                           members=specs, by=identification_case.assigned_officer)
    seat = council.members.get(user=insider)
    assert seat.conflict == "automatic" and seat.is_excluded
    assert not can_view_council(insider, council)
    assert open_task(process_of(council), "replace_member", seat=7) is not None
    with pytest.raises(CouncilNotFound):
        declare_conflict(council=council, user=cast.reviewer, has_conflict=False)


def test_ballots_are_blind_until_the_secretary_closes(formed, identification_case):
    council, users = formed
    vote(council, users[2])
    declare_conflict(council=council, user=users[3], has_conflict=False)
    save_ballot(council=council, user=users[3], items={"urgency": {"rating": "meets"}})
    officer = identification_case.assigned_officer
    assert [b.member.user for b in visible_ballots(fresh(council), users[3])] == [users[3]]
    assert list(visible_ballots(fresh(council), officer)) == []
    for user in users[:2] + users[3:]:
        if user != users[3]:
            vote(council, user)
    submit_ballot(council=council, user=users[3], items=ballot_items(council))
    close_round(council=council, by=users[1])
    assert visible_ballots(fresh(council), users[3]).count() == 7
    assert visible_ballots(fresh(council), officer).count() == 7


def test_a_round_without_quorum_cannot_close(formed):
    council, users = formed
    for user in users[:4]:
        vote(council, user)
    for user in users[4:]:
        mark_absent(council=council, member=council.members.get(user=user), by=users[1])
    # 4 of 7 present: 4/7 < 2/3.
    with pytest.raises(CouncilConflict) as refused:
        close_round(council=council, by=users[1])
    assert "4/7" in refused.value.message
    assert fresh(council).status == "in_session"
    assert not Outcome.objects.filter(council=council).exists()
    with pytest.raises(CouncilForbidden):
        close_round(council=council, by=users[0])  # only the secretary closes


def test_a_missing_reviewer_blocks_the_close(formed):
    council, users = formed
    for user in users[:3] + users[4:]:
        vote(council, user)
    mark_absent(council=council, member=council.members.get(user=users[3]), by=users[1])
    with pytest.raises(CouncilConflict) as refused:
        close_round(council=council, by=users[1])
    assert "phản biện" in refused.value.message


def test_a_member_who_voted_cannot_be_marked_absent(formed):
    """Only present members' ballots count: marking a voter absent would drop a submitted
    ballot silently. Refused with the member's name; a draft does not make one present."""
    council, users = formed
    vote(council, users[2])
    seat = council.members.get(user=users[2])
    with pytest.raises(CouncilConflict) as refused:
        mark_absent(council=council, member=seat, by=users[1])
    assert person_name(users[2]) in refused.value.message
    assert CouncilMember.objects.get(pk=seat.pk).present
    mark_absent(council=council, member=council.members.get(user=users[5]), by=users[1])
    assert not CouncilMember.objects.get(user=users[5], council=council).present


def test_absent_member_is_not_counted_and_their_seat_task_is_cancelled(formed, cast):
    council, users = formed
    for user in users[:6]:
        vote(council, user)
    mark_absent(council=council, member=council.members.get(user=users[6]), by=users[1])
    close_round(council=council, by=users[1])
    outcome = Outcome.objects.get(council=council)
    assert outcome.result == "passed" and outcome.details["present"] == 6
    seat7 = [t for t in Task.objects.filter(process=process_of(council))
             if t.data.get("seat") == 7 and t.flow_task.name == "declare_conflict"]
    assert [t.status for t in seat7] == [STATUS.CANCELED]
    decide(council=council, by=cast.approver,
           data={"decision_number": "1/QĐ-UBND", "decision_date": "2026-01-05"})
    assert council.case.__class__.objects.get(pk=council.case_id).status == "listed"


def test_a_rule_changed_after_the_council_started_does_not_change_its_outcome(formed, cast):
    council, users = formed
    rule = CouncilRule.objects.get(pk=council.rule_id)
    # The province later lowers the bar and shrinks the quorum, and even adds a newer version.
    rule.parameters = {"pass_more_than": "1/2"}
    rule.quorum = "1/2"
    rule.save()
    CouncilRule.objects.create(
        rule_set=rule.rule_set, council_type="identification", effective_from="2025-01-01",
        min_members=3, max_members=5, reviewers=0, quorum="1/2",
        parameters={"pass_more_than": "1/2"}, legal_basis="Quy định mới (giả định)")
    for user in users[:5]:
        vote(council, user)
    for user in users[5:]:
        vote(council, user, verdict="fails")
    close_round(council=council, by=users[1])
    outcome = Outcome.objects.get(council=council)
    # 5/7 "Đạt yêu cầu" is not MORE than 3/4: the frozen rule rejects (the new one would pass).
    assert outcome.result == "not_passed"
    assert outcome.rule_version["parameters"] == {"pass_more_than": "3/4"}
    assert outcome.rule_version["effective_from"] == "2023-11-27"
    assert outcome.rule_set_code == "thanh-hoa-2023"
    decide(council=council, by=cast.approver, data={"comment": "Không đạt"})
    assert council.case.__class__.objects.get(pk=council.case_id).status == "rejected"


def test_the_approver_may_send_the_council_to_a_second_round(formed, cast):
    council, users = formed
    for user in users:
        vote(council, user)
    close_round(council=council, by=users[1])
    assert council_and_process_agree(fresh(council))
    with pytest.raises(CouncilForbidden):
        decide(council=council, by=cast.finance)
    with pytest.raises(InvalidPayload):  # a bad decision date: nothing is kept
        decide(council=council, by=cast.approver, data={"decision_number": "x",
                                                        "decision_date": "nope"})
    assert fresh(council).status == "closed" and council_and_process_agree(fresh(council))
    request_second_round(council=council, by=cast.approver, reason="Cần làm rõ tính mới")
    council = fresh(council)
    assert (council.status, council.round) == ("in_session", 2)
    process = process_of(council)
    # Members already cleared go straight to the ballot in round 2.
    assert open_task(process, "cast_ballot", seat=1).owner == users[0]
    assert visible_ballots(council, users[0]).count() == 7  # round 1 is no longer blind
    for user in users:
        submit_ballot(council=council, user=user, items=ballot_items(council))
    close_round(council=council, by=users[1])
    decide(council=council, by=cast.approver,
           data={"decision_number": "2/QĐ-UBND", "decision_date": "2026-01-05"})
    assert Outcome.objects.filter(council=council).count() == 2
    assert council_and_process_agree(fresh(council))
    assert council.case.__class__.objects.get(pk=council.case_id).status == "listed"


def test_an_excluded_member_must_be_replaced_before_the_round_closes(formed):
    council, users = formed
    declare_conflict(council=council, user=users[6], has_conflict=True, note="Đồng tác giả")
    for user in users[:6]:
        vote(council, user)
    with pytest.raises(CouncilConflict) as refused:
        close_round(council=council, by=users[1])
    assert "thay thế" in refused.value.message
    # The excluded member never sees the others' ballots, even later.
    assert list(visible_ballots(fresh(council), users[6])) == []


def test_an_excluded_secretary_cannot_close(formed):
    council, users = formed
    declare_conflict(council=council, user=users[1], has_conflict=True, note="Người thân")
    with pytest.raises(CouncilForbidden):
        close_round(council=council, by=users[1])
