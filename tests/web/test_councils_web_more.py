"""More council page cases: points and totals, acceptance conclusions, several dossiers,
second rounds, bad input (never a 500) and the case page's query count."""

import pytest
from rest_framework.test import APIClient

from tasks_kh_cn.councils.models import Ballot, Council, CouncilMember
from tasks_kh_cn.councils.services import declare_conflict, form_council, submit_ballot
from tasks_kh_cn.models import TaskCase
from tests.councils.helpers import ballot_items, council_people, member_specs
from tests.factories import make_case, walk
from tests.web.councils_pages import (  # noqa: F401 (fixtures)
    _fast_passwords,
    _queries,
    ballot_post,
    browser,
    close_as,
    form_identification,
    page_of,
    vote,
)

pytestmark = pytest.mark.django_db


def test_a_points_ballot_shows_the_total_and_refuses_a_score_over_the_maximum(cast):
    case = walk(make_case(cast.host), cast, until="select")
    users = council_people(7)
    council = form_council(case=case, council_type="selection", by=case.assigned_officer,
                           members=member_specs(users, "selection"))
    member = browser(users[3])
    member.post(f"{page_of(council)}conflict/", {"has_conflict": "no"})
    page = member.get(page_of(council)).content.decode()
    assert "tối đa 12 điểm" in page and "data-points" in page and "Tổng điểm" in page

    too_much = member.post(f"{page_of(council)}ballot/", ballot_post(
        council, {"overview": {"score": "15"}}, action="save"))
    assert too_much.status_code == 400
    assert "Điểm phải từ 0 đến 12." in too_much.content.decode()
    assert not Ballot.objects.filter(council=council).exists()

    saved = member.post(f"{page_of(council)}ballot/", ballot_post(
        council, {"overview": {"score": "10"}, "content_methods": {"score": "20.5"}},
        action="save"))
    assert saved.status_code == 302
    page = member.get(page_of(council)).content.decode()
    # The total of what was saved, before any JavaScript runs (Vietnamese decimal comma).
    assert "Tổng điểm: <output data-total>30,5</output> / 100" in page


def test_the_approver_sends_the_council_back_for_a_second_round(formed, cast):
    council, users, _case = formed
    for user in users:
        vote(council, user)
    close_as(council, users[1])
    approver = browser(cast.approver)
    assert approver.post(f"{page_of(council)}second-round/", {}).status_code == 400
    response = approver.post(f"{page_of(council)}second-round/",
                             {"reason": "Cần thẩm định thêm"})
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.status == "in_session" and council.round == 2


def test_bad_input_is_never_a_500(formed, cast):
    council, users, _case = formed
    member = browser(users[2])
    member.post(f"{page_of(council)}conflict/", {"has_conflict": "no"})
    assert member.post(f"{page_of(council)}ballot/", {"dossier": "abc"}).status_code == 404
    assert member.post(f"{page_of(council)}conflict/", {"has_conflict": "maybe"}).status_code \
        in (400, 409)
    seat = CouncilMember.objects.get(council=council, user=users[0])
    officer = browser(cast.officer)
    assert officer.post(f"{page_of(council)}members/{seat.pk}/replace/",
                        {f"m{seat.pk}-user": "x"}).status_code == 400
    assert officer.post(f"{page_of(council)}members/999999/replace/", {}).status_code == 404
    assert browser(cast.approver).post(f"{page_of(council)}decide/", {
        "decision_date": "31/31/2026"}).status_code in (400, 409)
    assert member.get(f"{page_of(council)}close/").status_code == 405


def test_an_acceptance_ballot_needs_the_members_conclusion(cast):
    case = walk(make_case(cast.host), cast, until="record_acceptance")
    users = council_people(9)
    council = form_council(case=case, council_type="acceptance", by=case.assigned_officer,
                           members=member_specs(users, "acceptance"),
                           products=["Quy trình công nghệ", "Báo cáo phân tích"])
    member = browser(users[4])
    member.post(f"{page_of(council)}conflict/", {"has_conflict": "no"})
    page = member.get(page_of(council)).content.decode()
    assert "Quy trình công nghệ" in page and "Kết luận chung" in page and "Xuất sắc" in page
    items = ballot_items(council, rating="fail")
    no_conclusion = member.post(f"{page_of(council)}ballot/", ballot_post(council, items))
    assert no_conclusion.status_code == 400
    assert "Cần chọn kết luận chung." in no_conclusion.content.decode()
    data = ballot_post(council, items)
    data[f"d{council.dossiers.get().pk}-overall"] = "pass"
    wrong = member.post(f"{page_of(council)}ballot/", data)
    assert wrong.status_code == 400 and "Phải là “Không đạt”." in wrong.content.decode()
    data[f"d{council.dossiers.get().pk}-overall"] = "fail"
    assert member.post(f"{page_of(council)}ballot/", data).status_code == 302
    assert Ballot.objects.get(council=council, member__user=users[4]).overall == "fail"


def test_the_case_page_councils_section_costs_the_same_whatever_the_size(cast):
    counts = {}
    for size in (7, 11):
        council, users, case = form_identification(cast, size)
        declare_conflict(council=council, user=users[3], has_conflict=True, note="Người thân")
        counts[size] = (_queries(cast.officer, f"/cases/{case.pk}/"),
                        _queries(cast.host, f"/cases/{case.pk}/"))
    print(f"case page with a council: {counts}")
    assert counts[7] == counts[11]


def test_a_selection_council_compares_two_dossiers_one_ballot_each(cast):
    case = walk(make_case(cast.host), cast, until="select")
    rival = walk(make_case(cast.other_host), cast, until="select",
                 host=cast.other_host)
    people = council_people(7)
    data = {"council_type": "selection", "candidates": [rival.pk]}
    for i, spec in enumerate(member_specs(people, "selection")):
        data[f"user_{i}"], data[f"role_{i}"] = spec["user"].pk, spec["role"]
    response = browser(cast.officer).post(f"/councils/new/{case.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    council = Council.objects.get(case=case, council_type="selection")
    assert set(council.dossiers.values_list("case_id", flat=True)) == {case.pk, rival.pk}
    member = browser(people[3])
    member.post(f"{page_of(council)}conflict/", {"has_conflict": "no"})
    page = member.get(page_of(council)).content.decode()
    assert page.count('name="dossier"') == 2 and rival.code in page


def test_the_acceptance_result_carries_its_minutes_number_on_the_page_and_the_api(cast):
    """The recognition decision cites the acceptance minutes by number: the result is not
    recorded without it, whichever door it comes through (the transition's payload says so)."""
    case = walk(make_case(cast.host), cast, until="record_acceptance")
    users = council_people(9)
    council = form_council(case=case, council_type="acceptance", by=case.assigned_officer,
                           members=member_specs(users, "acceptance"))
    for user in users:
        declare_conflict(council=council, user=user, has_conflict=False)
        submit_ballot(council=council, user=user, overall="pass",
                      items=ballot_items(council, rating="pass"))
    secretary = next(s["user"] for s in member_specs(users, "acceptance")
                     if s["role"] == "secretary")
    assert close_as(council, secretary).status_code == 302

    approver = browser(cast.approver)
    refused = approver.post(f"{page_of(council)}decide/", {"confirm": "on"})
    assert refused.status_code == 400
    assert refused.context["decide_form"].errors["minutes_number"] == [
        "Cần số biên bản họp hội đồng nghiệm thu."]
    api = APIClient()
    api.force_authenticate(cast.approver)
    by_api = api.post(f"/api/councils/{council.pk}/decide/", {}, format="json")
    assert by_api.status_code == 400 and "minutes_number" in by_api.json()["errors"]
    assert TaskCase.objects.get(pk=case.pk).status == case.status

    done = approver.post(f"{page_of(council)}decide/", {"minutes_number": "09/BB-HĐNT",
                                                        "confirm": "on"})
    assert done.status_code == 302
    assert TaskCase.objects.get(pk=case.pk).history.filter(
        transition="record_acceptance", payload__minutes_number="09/BB-HĐNT").exists()
