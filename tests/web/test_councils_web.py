"""The council pages as their users try them, on a phone or not: declare, score, close,
decide, form a council — and the forbidden doors (404 off the council, 403 with a reason)."""

import pytest
from django.test import Client

from tasks_kh_cn.councils.models import Ballot, BallotStatus, Council, CouncilMember
from tasks_kh_cn.councils.services import declare_conflict, form_council
from tasks_kh_cn.models import TaskCase
from tests.councils.helpers import ballot_items, council_people, member_specs
from tests.factories import make_case, walk
from tests.web.councils_pages import (  # noqa: F401 (fixtures)
    SECRET,
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

# Measured on SQLite (PostgreSQL the same): the council page, whatever the number of members.
# Each includes the header's unread-notice count, and (issue 11) the meeting of the round
# (time, place, papers due) shown to everyone.
COUNCIL_PAGE_QUERIES = {"member": 13, "secretary": 13, "officer": 10, "closed": 14}


def test_a_reviewer_declares_and_scores_through_the_pages(formed):
    council, users, case = formed
    member = browser(users[2])
    page = member.get(page_of(council))
    assert page.status_code == 200
    assert "Khai báo xung đột lợi ích" in page.content.decode()
    assert "Nộp phiếu" not in page.content.decode()  # no ballot before the declaration
    assert member.get(f"/cases/{case.pk}/").status_code == 404  # dossier closed until then

    response = member.post(f"{page_of(council)}conflict/", {"has_conflict": "no"})
    assert response.status_code == 302
    assert member.get(f"/cases/{case.pk}/").status_code == 200  # the dossier opens
    page = member.get(page_of(council)).content.decode()
    assert "Nộp phiếu" in page and "Tính cấp thiết của nhiệm vụ" in page

    first = council.criteria[0]["code"]
    draft = ballot_post(council, {first: {"rating": "meets", "comment": "Rất cấp thiết"}},
                        action="save")
    assert member.post(f"{page_of(council)}ballot/", draft).status_code == 302
    ballot = Ballot.objects.get(council=council, member__user=users[2])
    assert ballot.status == BallotStatus.DRAFT
    assert ballot.items.get(criterion=first).comment == "Rất cấp thiết"
    assert "Rất cấp thiết" in member.get(page_of(council)).content.decode()  # draft kept

    # Submitting with criteria missing names what is missing, in Vietnamese.
    incomplete = member.post(f"{page_of(council)}ballot/", ballot_post(council, {}))
    assert incomplete.status_code == 400
    assert "Phiếu còn thiếu" in incomplete.content.decode()
    assert "Cần đánh giá tiêu chí này." in incomplete.content.decode()

    # Submitting is final: without the box ticked nothing is submitted and the scores stay.
    unconfirmed = ballot_post(council, ballot_items(council))
    unconfirmed.pop(f"d{council.dossiers.get().pk}-confirm")
    refused = member.post(f"{page_of(council)}ballot/", unconfirmed)
    assert refused.status_code == 400
    assert "Hãy đánh dấu xác nhận trước khi thực hiện thao tác này." in refused.content.decode()
    assert "phiếu đã nộp không sửa được nữa" in refused.content.decode()
    assert Ballot.objects.get(pk=ballot.pk).status == BallotStatus.DRAFT
    response = member.post(f"{page_of(council)}ballot/",
                           ballot_post(council, ballot_items(council)))
    assert response.status_code == 302
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.SUBMITTED and ballot.overall == "meets"
    page = member.get(page_of(council)).content.decode()
    assert "Đã nộp phiếu" in page and 'name="action"' not in page
    again = member.post(f"{page_of(council)}ballot/", ballot_post(council, ballot_items(council)))
    assert again.status_code == 409 and "Phiếu đã nộp" in again.content.decode()


def test_ballots_are_blind_on_the_page_until_the_round_closes(formed, cast):
    council, users, _case = formed
    vote(council, users[3], comment=SECRET)
    other = browser(users[4])
    other.post(f"{page_of(council)}conflict/", {"has_conflict": "no"})
    for viewer in (users[4], users[1], cast.officer, cast.approver):
        page = browser(viewer).get(page_of(council))
        assert page.status_code == 200
        assert SECRET not in page.content.decode(), viewer
    # The secretary sees THAT seat 4 has submitted, not what.
    secretary_page = browser(users[1]).get(page_of(council)).content.decode()
    assert "Đã nộp phiếu" in secretary_page and "Chưa khai báo" in secretary_page

    for user in users:
        if user != users[3]:
            vote(council, user)
    assert close_as(council, users[1]).status_code == 302
    page = other.get(page_of(council)).content.decode()
    assert "Kết quả phiên bỏ phiếu" in page
    assert "Đạt yêu cầu" in page and users[3].first_name in page
    assert SECRET in page  # once closed, every counted ballot is open to the council
    ballot = Ballot.objects.get(council=council, member__user=users[3])
    assert ballot.status == BallotStatus.SUBMITTED


def test_someone_not_on_the_council_gets_404_on_the_page_and_the_dossier(formed, cast):
    council, _users, case = formed
    outsider = browser(cast.reviewer)
    assert outsider.get(page_of(council)).status_code == 404
    assert outsider.get(f"/cases/{case.pk}/").status_code == 404
    assert outsider.post(f"{page_of(council)}conflict/",
                         {"has_conflict": "no"}).status_code == 404
    assert outsider.get(f"{page_of(council)}minutes.pdf").status_code == 404
    assert browser(cast.host).get(page_of(council)).status_code == 404


def test_a_conflicted_member_cannot_open_the_dossier(formed):
    council, users, case = formed
    member = browser(users[5])
    missing_note = member.post(f"{page_of(council)}conflict/", {"has_conflict": "yes"})
    assert missing_note.status_code == 400
    assert "Cần nêu nội dung xung đột lợi ích." in missing_note.content.decode()
    response = member.post(f"{page_of(council)}conflict/",
                           {"has_conflict": "yes", "note": "Là người thân của chủ nhiệm"})
    assert response.status_code == 302
    assert member.get(f"/cases/{case.pk}/").status_code == 404
    page = member.get(page_of(council))
    assert page.status_code == 200 and "loại khỏi hội đồng" in page.content.decode()
    refused = member.post(f"{page_of(council)}ballot/", ballot_post(council, {}, "save"))
    assert refused.status_code == 409


def test_the_officer_replaces_a_conflicted_member_from_the_case_page(formed, cast):
    council, users, case = formed
    declare_conflict(council=council, user=users[5], has_conflict=True, note="Đồng tác giả")
    officer = browser(cast.officer)
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "Thay thế thành viên số 6" in page
    newcomer = council_people(1)[0]
    seat = CouncilMember.objects.get(council=council, user=users[5])
    response = officer.post(f"{page_of(council)}members/{seat.pk}/replace/", {
        f"m{seat.pk}-user": newcomer.pk, "next": f"/cases/{case.pk}/"})
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/"
    seat.refresh_from_db()
    assert seat.replaced_by.user == newcomer
    # Anyone else trying the same door is refused with the reason.
    other = CouncilMember.objects.get(council=council, user=users[6])
    refused = browser(cast.other_officer).post(
        f"{page_of(council)}members/{other.pk}/replace/", {f"m{other.pk}-user": users[0].pk})
    assert refused.status_code in (400, 403)


def test_the_secretary_closes_quorum_failure_shows_the_reason_success_the_outcome(formed):
    council, users, _case = formed
    for user in users[1:]:  # the chair has not voted: a voter cannot be marked absent
        vote(council, user)
    secretary = browser(users[1])
    chair = CouncilMember.objects.get(council=council, user=users[0])
    assert secretary.post(f"{page_of(council)}members/{chair.pk}/presence/",
                          {"present": "0"}).status_code == 302
    page = secretary.get(page_of(council)).content.decode()
    assert "Vắng chủ tịch hội đồng" in page  # the quorum status, before trying
    refused = close_as(council, users[1])
    assert refused.status_code == 409
    assert "Hội đồng chưa đủ điều kiện họp" in refused.content.decode()
    assert "Vắng chủ tịch hội đồng" in refused.content.decode()
    # A member who is not the secretary: 403 with the reason.
    not_secretary = close_as(council, users[2])
    assert not_secretary.status_code == 403
    assert "Chỉ thư ký khoa học" in not_secretary.content.decode()

    secretary.post(f"{page_of(council)}members/{chair.pk}/presence/", {"present": "1"})
    vote(council, users[0])
    voter = secretary.post(f"{page_of(council)}members/{chair.pk}/presence/", {"present": "0"})
    assert voter.status_code == 409 and "được tính là có mặt" in voter.content.decode()
    # Closing is final: without the box ticked the round stays open and the page says why.
    unticked = secretary.post(f"{page_of(council)}close/")
    assert unticked.status_code == 400
    assert "Phiên chưa kết thúc: hãy đánh dấu xác nhận." in unticked.content.decode()
    assert Council.objects.get(pk=council.pk).status == "in_session"
    assert browser(users[2]).post(f"{page_of(council)}close/").status_code == 403
    assert close_as(council, users[1]).status_code == 302
    page = secretary.get(page_of(council)).content.decode()
    assert "Kết quả phiên bỏ phiếu" in page
    assert "Đạt yêu cầu — đề nghị đưa vào danh mục" in page
    assert "7/7 phiếu" in page


def test_the_approver_decides_and_the_case_moves(formed, cast):
    council, users, case = formed
    for user in users:
        vote(council, user)
    close_as(council, users[1])
    approver = browser(cast.approver)
    page = approver.get(page_of(council)).content.decode()
    assert "Quyết định" in page and "Bỏ phiếu lại" in page
    assert browser(users[2]).post(f"{page_of(council)}decide/", {}).status_code == 403
    missing = approver.post(f"{page_of(council)}decide/", {})
    assert missing.status_code == 400
    assert missing.context["decide_form"].errors["decision_number"]
    assert TaskCase.objects.get(pk=case.pk).status == "identification_review"
    decision = {"decision_number": "45/QĐ-UBND", "decision_date": "2026-01-05"}
    # The decision moves the case for good: the page asks for the box first, and keeps what
    # was typed.
    unconfirmed = approver.post(f"{page_of(council)}decide/", decision)
    assert unconfirmed.status_code == 400
    form = unconfirmed.context["decide_form"]
    assert form.errors["confirm"] and form["decision_number"].value() == "45/QĐ-UBND"
    assert "không thể hoàn tác" in str(form["confirm"].label)
    assert TaskCase.objects.get(pk=case.pk).status == "identification_review"
    response = approver.post(f"{page_of(council)}decide/", {**decision, "confirm": "on"})
    assert response.status_code == 302
    assert TaskCase.objects.get(pk=case.pk).status == "listed"
    assert Council.objects.get(pk=council.pk).status == "decided"
    twice = approver.post(f"{page_of(council)}decide/", {**decision, "confirm": "on"})
    assert twice.status_code == 409


def test_the_officer_forms_a_council_on_the_case_page(cast):
    case = walk(make_case(cast.host), cast, until="list_task")
    officer = browser(cast.officer)
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "Thành lập hội đồng" in page
    people = council_people(7)
    bad = {"council_type": "identification", "number": "7/QĐ-SKHCN",
           "user_0": people[0].pk, "role_0": "chair",
           "user_1": people[1].pk, "role_1": "member",
           "user_2": people[1].pk, "role_2": "member",
           "user_3": people[2].pk}
    response = officer.post(f"/councils/new/{case.pk}/", bad)
    assert response.status_code == 400
    form = response.context["council_form"]
    assert form.errors["user_2"] == ["Người này đã được chọn ở vị trí khác."]
    assert form.errors["role_3"] == ["Cần chọn vai trò."]
    bad.pop("user_2"), bad.pop("role_2"), bad.pop("user_3")
    response = officer.post(f"/councils/new/{case.pk}/", bad)
    assert response.status_code == 400
    members_errors = response.context["council_form"].errors["members"]
    assert "Hội đồng phải có từ 7 đến 11 thành viên, đang có 2." in members_errors
    assert "Hội đồng phải có đúng một thư ký khoa học." in members_errors
    assert "Hội đồng phải có đúng một thư ký khoa học." in response.content.decode()
    assert not Council.objects.filter(case=case).exists()

    good = {"council_type": "identification", "number": "7/QĐ-SKHCN"}
    for i, spec in enumerate(member_specs(people)):
        good[f"user_{i}"], good[f"role_{i}"] = spec["user"].pk, spec["role"]
    assert browser(cast.other_officer).post(f"/councils/new/{case.pk}/",
                                            good).status_code == 403
    response = officer.post(f"/councils/new/{case.pk}/", good)
    council = Council.objects.get(case=case)
    assert response.status_code == 302 and response.url == page_of(council)
    assert council.members.count() == 7 and council.number == "7/QĐ-SKHCN"
    # The host sees the council on its case page, but not who sits on it.
    host_page = browser(cast.host).get(f"/cases/{case.pk}/").content.decode()
    assert "Hội đồng tư vấn xác định nhiệm vụ" in host_page
    assert "Thành viên số 1" in host_page and people[0].first_name not in host_page
    officer_page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert people[0].first_name in officer_page and "Thành lập hội đồng</summary>" not in \
        officer_page


def test_a_case_without_councils_shows_no_council_section(cast):
    case = make_case(cast.host)
    page = browser(cast.officer).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="councils"' not in page


def test_minutes_download_as_docx_and_pdf(formed):
    council, users, _case = formed
    secretary = browser(users[1])
    early = secretary.get(f"{page_of(council)}minutes.docx")
    assert early.status_code == 409 and "Chưa có kết quả" in early.content.decode()
    for user in users:
        vote(council, user)
    close_as(council, users[1])
    page = secretary.get(page_of(council)).content.decode()
    assert f"{page_of(council)}minutes.docx" in page
    docx = secretary.get(f"{page_of(council)}minutes.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "wordprocessingml" in docx["Content-Type"]
    pdf = secretary.get(f"{page_of(council)}minutes.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert secretary.get(f"{page_of(council)}minutes.odt").status_code == 404


def test_council_work_items_appear_on_the_dashboard(formed, cast):
    council, users, _case = formed
    link = f'href="{page_of(council)}"'
    member_page = browser(users[2]).get("/").content.decode()
    assert link in member_page and "Khai báo xung đột lợi ích" in member_page
    secretary_page = browser(users[1]).get("/").content.decode()
    assert link in secretary_page and "Kết thúc phiên bỏ phiếu" in secretary_page
    assert link not in browser(cast.reviewer).get("/").content.decode()
    declare_conflict(council=council, user=users[2], has_conflict=False)
    assert "Chấm phiếu đánh giá" in browser(users[2]).get("/").content.decode()
    declare_conflict(council=council, user=users[5], has_conflict=True, note="Người thân")
    officer_page = browser(cast.officer).get("/").content.decode()
    assert link in officer_page and "Thay thế thành viên hội đồng" in officer_page
    assert "Thay thế thành viên hội đồng" not in browser(cast.other_officer).get(
        "/").content.decode()
    inbox = Client()
    inbox.force_login(users[2])
    items = inbox.get("/api/inbox/").json()["results"]
    assert any(item["url"] == page_of(council) for item in items)


def test_council_page_query_count_is_pinned(cast):
    counts = {}
    for size in (7, 11):
        council, users, _case = form_identification(cast, size)
        for user in users[2:]:
            vote(council, user)
        declare_conflict(council=council, user=users[1], has_conflict=False)
        counts[size] = {"member": _queries(users[2], page_of(council)),
                        "secretary": _queries(users[1], page_of(council)),
                        "officer": _queries(cast.officer, page_of(council))}
        for user in users[:2]:
            vote(council, user)
        close_as(council, users[1])
        # After the close every ballot is shown, still in the same number of queries.
        counts[size]["closed"] = _queries(users[2], page_of(council))
    print(f"council page queries: {counts}")
    assert counts[7] == counts[11]
    for who, pin in COUNCIL_PAGE_QUERIES.items():
        assert counts[11][who] <= pin, who


def test_the_decider_and_the_inbox_query_count(cast):
    councils = []
    for _ in range(2):
        council, users, _case = form_identification(cast)
        councils.append((council, users))
    member = users[2]
    # The same person sits on a third council: one more item, not one more query.
    few = _queries(member, "/api/inbox/")
    case = walk(make_case(cast.host), cast, until="list_task")
    specs = member_specs([*council_people(6), member])
    form_council(case=case, council_type="identification", members=specs,
                 by=case.assigned_officer)
    many = _queries(member, "/api/inbox/")
    assert few == many, (few, many)
    council, users = councils[0]
    for user in users:
        vote(council, user)
    close_as(council, users[1])
    page = browser(cast.approver).get("/").content.decode()
    assert "Quyết định kết quả hội đồng" in page and page_of(council) in page
