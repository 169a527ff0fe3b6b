"""The forbidden doors: every transition refuses the wrong role, and the right role on
someone else's case, with a reason; nothing changes when it does."""

import pytest

from tasks_kh_cn.selectors import visible_cases
from tests.factories import act, make_case, research_path, take_step, upload_required, walk
from workflows.permissions import can_view_case
from workflows.roles import Role
from workflows.services import TransitionForbidden, available_transitions

pytestmark = pytest.mark.django_db



def _people(cast):
    return {
        Role.ENTERPRISE: cast.host, Role.OFFICER: cast.officer, Role.APPROVER: cast.approver,
        Role.FINANCE: cast.finance, Role.REVIEWER: cast.reviewer,
    }


def _outsider_of_same_role(cast, role):
    """The right role, but not this case's: another enterprise, another officer."""
    return {Role.ENTERPRISE: cast.other_host, Role.OFFICER: cast.other_officer}.get(role)


def test_each_transition_refuses_wrong_roles_and_outsiders(cast):
    case = make_case(cast.host)
    people = _people(cast)
    checked = expected = 0
    for name, user, data, stage in research_path(cast):
        if stage:
            upload_required(case, stage, cast.host)
        status_before = case.status
        actor_role = next(role for role, person in people.items() if person == user)
        intruders = [p for role, p in people.items() if role != actor_role]
        outsider = _outsider_of_same_role(cast, actor_role)
        if outsider is not None:
            intruders.append(outsider)
        expected += len(intruders)
        for intruder in intruders:
            with pytest.raises(TransitionForbidden) as refused:
                act(case, name, intruder, **data)
            assert refused.value.message, (name, intruder.username)
            assert refused.value.status_code == 403
            case.refresh_from_db()
            assert case.status == status_before
            checked += 1
        case = take_step(case, cast, name, user, data)
    assert checked == expected > 19 * 4  # four wrong roles per step, plus outsiders


def test_refusal_reasons_say_why(cast):
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    with pytest.raises(TransitionForbidden, match="chuyên viên khác"):
        act(case, "accept_proposal", cast.other_officer)
    with pytest.raises(TransitionForbidden, match="Chỉ chuyên viên"):
        act(case, "accept_proposal", cast.host)
    other = make_case(cast.other_host)
    upload_required(other, "proposal", cast.other_host)
    with pytest.raises(TransitionForbidden, match="không thuộc tổ chức chủ trì"):
        act(other, "submit", cast.host)


def test_available_transitions_explain_closed_ones(cast):
    case = make_case(cast.host)
    options = {o.name: o for o in available_transitions(case, cast.host)}
    assert not options["submit"].allowed
    assert "Hồ sơ còn thiếu" in options["submit"].reason
    assert options["withdraw"].allowed
    upload_required(case, "proposal", cast.host)
    options = {o.name: o for o in available_transitions(case, cast.host)}
    assert options["submit"].allowed
    assert not any(o.allowed for o in available_transitions(case, cast.other_host))


def test_one_enterprise_cannot_see_another_enterprise_case(cast):
    mine = make_case(cast.host)
    theirs = make_case(cast.other_host)
    assert list(visible_cases(cast.host)) == [mine]
    assert list(visible_cases(cast.other_host)) == [theirs]
    assert not can_view_case(cast.host, theirs)
    assert can_view_case(cast.host, mine)
    assert not can_view_case(cast.reviewer, mine)
    assert list(visible_cases(cast.reviewer)) == []
    # Department roles see every case.
    assert set(visible_cases(cast.officer)) == {mine, theirs}
    assert set(visible_cases(cast.approver)) == {mine, theirs}


def test_visible_cases_query_count_does_not_grow_with_rows(cast, django_assert_max_num_queries):
    for _ in range(3):
        make_case(cast.host)
    with django_assert_max_num_queries(4):
        small = [c.host.name for c in visible_cases(cast.host)]
    for _ in range(12):
        make_case(cast.host)
    with django_assert_max_num_queries(4):
        large = [c.host.name for c in visible_cases(cast.host)]
    assert len(small) == 3 and len(large) == 15
