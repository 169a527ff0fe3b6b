"""The council API tries the forbidden doors: non-members, conflicts, blind ballots."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tasks_kh_cn.councils.services import form_council
from tests.councils.helpers import ballot_items, council_people, member_specs


class FreshUserClient(APIClient):
    """Authenticates a freshly loaded user on every request, as a real request would
    (the permission caches live on the user object)."""

    def __init__(self, user):
        super().__init__()
        self.user_pk = user.pk

    def request(self, **kwargs):
        from django.contrib.auth import get_user_model

        self.force_authenticate(get_user_model().objects.get(pk=self.user_pk))
        return super().request(**kwargs)


def client_for(user):
    return FreshUserClient(user)


def url(council, tail=""):
    return f"/api/councils/{council.pk}/{tail}"


def declare_and_submit(council, user):
    client = client_for(user)
    assert client.post(url(council, "conflict/"), {"has_conflict": False},
                       format="json").status_code == 200
    response = client.post(url(council, "ballots/mine/submit/"),
                           {"items": ballot_items(council)}, format="json")
    assert response.status_code == 200, response.content
    return response


def test_a_reviewer_not_on_the_council_gets_404_everywhere(formed, cast):
    council, _users = formed
    outsider = client_for(cast.reviewer)
    for tail in ("", "ballots/", "ballots/mine/", "dossier/", "minutes.pdf"):
        assert outsider.get(url(council, tail)).status_code == 404, tail
    assert outsider.post(url(council, "conflict/"), {"has_conflict": False},
                         format="json").status_code == 404
    assert outsider.get("/api/councils/").json()["count"] == 0


def test_the_dossier_opens_only_after_declaring_no_conflict(formed):
    council, users = formed
    member, conflicted = client_for(users[2]), client_for(users[3])
    refused = member.get(url(council, "dossier/"))
    assert refused.status_code == 403 and "xung đột lợi ích" in refused.json()["detail"]
    member.post(url(council, "conflict/"), {"has_conflict": False}, format="json")
    dossier = member.get(url(council, "dossier/"))
    assert dossier.status_code == 200
    assert {d["kind"] for d in dossier.json()} >= {"proposal_form"}

    response = conflicted.post(url(council, "conflict/"), {"has_conflict": True},
                               format="json")
    assert response.status_code == 400 and "note" in response.json()["errors"]
    conflicted.post(url(council, "conflict/"), {"has_conflict": True, "note": "Người thân"},
                    format="json")
    refused = conflicted.get(url(council, "dossier/"))
    assert refused.status_code == 403 and "loại khỏi hội đồng" in refused.json()["detail"]
    assert conflicted.put(url(council, "ballots/mine/"), {"items": {}},
                          format="json").status_code == 409


def test_ballots_are_blind_in_the_api_until_the_round_closes(formed, identification_case):
    council, users = formed
    declare_and_submit(council, users[2])
    other = client_for(users[3])
    other.post(url(council, "conflict/"), {"has_conflict": False}, format="json")
    draft = other.put(url(council, "ballots/mine/"),
                      {"items": {"urgency": {"rating": "meets", "comment": "Cấp thiết"}}},
                      format="json")
    assert draft.status_code == 200 and draft.json()["status"] == "draft"
    seen = other.get(url(council, "ballots/")).json()
    assert [b["seat"] for b in seen] == [4]  # only their own draft
    officer = client_for(identification_case.assigned_officer)
    assert officer.get(url(council, "ballots/")).json() == []
    assert officer.get(url(council)).json()["outcomes"] == []
    for user in users[:2] + users[4:]:
        declare_and_submit(council, user)
    other.post(url(council, "ballots/mine/submit/"), {"items": ballot_items(council)},
               format="json")
    secretary = client_for(users[1])
    assert client_for(users[0]).post(url(council, "close/")).status_code == 403
    assert secretary.post(url(council, "close/")).status_code == 200
    assert len(other.get(url(council, "ballots/")).json()) == 7
    assert len(officer.get(url(council, "ballots/")).json()) == 7
    assert officer.get(url(council)).json()["outcomes"][0]["result"] == "passed"


def test_bad_scores_answer_400_in_vietnamese(formed):
    council, users = formed
    client = client_for(users[0])
    client.post(url(council, "conflict/"), {"has_conflict": False}, format="json")
    response = client.put(url(council, "ballots/mine/"),
                          {"items": {"urgency": {"rating": "maybe"}, "nope": {"score": 1}}},
                          format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["urgency"] == ["Giá trị đánh giá không hợp lệ."]
    assert errors["nope"] == ["Tiêu chí không có trong phiếu."]
    incomplete = client.post(url(council, "ballots/mine/submit/"), {"items": {}}, format="json")
    assert incomplete.status_code == 400 and "Phiếu còn thiếu" in incomplete.json()["detail"]


def test_a_round_without_quorum_cannot_close_through_the_api(formed):
    council, users = formed
    for user in users[:2]:
        declare_and_submit(council, user)
    secretary = client_for(users[1])
    missing = secretary.post(url(council, "close/"))
    assert missing.status_code == 409 and len(missing.json()["errors"]["missing"]) == 5
    for member in council.members.filter(user__in=users[2:]):
        assert client_for(users[0]).post(url(council, f"members/{member.pk}/presence/"),
                                         {"present": False}, format="json").status_code == 403
        assert secretary.post(url(council, f"members/{member.pk}/presence/"),
                              {"present": False}, format="json").status_code == 200
    response = secretary.post(url(council, "close/"))
    assert response.status_code == 409 and len(response.json()["errors"]["quorum"]) == 2
    assert "2/7" in response.json()["detail"]


def test_minutes_as_docx_and_pdf_in_vietnamese(formed, cast):
    import io

    from docx import Document

    council, users = formed
    assert client_for(users[1]).get(url(council, "minutes.pdf")).status_code == 409
    for user in users:
        declare_and_submit(council, user)
    client_for(users[1]).post(url(council, "close/"))
    approver = client_for(cast.approver)
    docx = approver.get(url(council, "minutes.docx"))
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "BIÊN BẢN HỌP HỘI ĐỒNG TƯ VẤN XÁC ĐỊNH NHIỆM VỤ" in text
    assert "7/7 phiếu “Đạt yêu cầu”" in text and "thanh-hoa-2023" in text
    pdf = approver.get(url(council, "minutes.pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"Roboto" in pdf.content
    assert approver.get(url(council, "minutes.txt")).status_code == 404


def test_the_decider_moves_the_case_through_the_api(formed, cast):
    council, users = formed
    for user in users:
        declare_and_submit(council, user)
    client_for(users[1]).post(url(council, "close/"))
    assert client_for(cast.finance).post(url(council, "decide/"), {},
                                         format="json").status_code == 403
    bad = client_for(cast.approver).post(url(council, "decide/"), {}, format="json")
    assert bad.status_code == 400 and "decision_number" in bad.json()["errors"]
    ok = client_for(cast.approver).post(url(council, "decide/"), {
        "decision_number": "5/QĐ-UBND", "decision_date": "2026-01-05"}, format="json")
    assert ok.status_code == 200
    council.case.refresh_from_db()
    assert council.case.status == "listed"


@pytest.mark.parametrize("extra", [1, 4])
def test_council_list_query_count_does_not_grow_with_rows(cast, identification_case, extra):
    from tasks_kh_cn.services.cases import assign_officer
    from tests.factories import act, make_case, upload_required

    officer_client = client_for(identification_case.assigned_officer)
    for _ in range(extra):
        case = make_case(cast.host)
        upload_required(case, "proposal", cast.host)
        case = act(case, "submit", cast.host)
        assign_officer(case=case, officer=cast.officer)
        case = act(case, "accept_proposal", cast.officer)
        form_council(case=case, council_type="identification",
                     members=member_specs(council_people(7)), by=case.assigned_officer)
    with CaptureQueriesContext(connection) as ctx:
        response = officer_client.get("/api/councils/")
    assert response.status_code == 200 and response.json()["count"] == extra
    print(f"council list, {extra} rows: {len(ctx.captured_queries)} queries")
    assert len(ctx.captured_queries) <= 6


def test_ballot_list_query_count_is_pinned(formed, django_assert_max_num_queries):
    council, users = formed
    for user in users:
        declare_and_submit(council, user)
    client_for(users[1]).post(url(council, "close/"))
    client = client_for(users[0])
    with django_assert_max_num_queries(8):
        assert len(client.get(url(council, "ballots/")).json()) == 7


def test_officer_replaces_a_conflicted_member_through_the_api(formed, identification_case, cast):
    council, users = formed
    client_for(users[3]).post(url(council, "conflict/"), {"has_conflict": True,
                                                          "note": "Cùng đơn vị công tác"},
                              format="json")
    seat = council.members.get(user=users[3])
    (newcomer,) = council_people(1)
    body = {"user": newcomer.pk}
    assert client_for(users[0]).post(url(council, f"members/{seat.pk}/replace/"), body,
                                     format="json").status_code == 403
    assert client_for(cast.other_officer).post(url(council, f"members/{seat.pk}/replace/"),
                                               body, format="json").status_code == 403
    officer = client_for(identification_case.assigned_officer)
    assert officer.post(url(council, f"members/{seat.pk}/replace/"), {"user": 0},
                        format="json").status_code == 400
    assert officer.post(url(council, f"members/{seat.pk}/replace/"), body,
                        format="json").status_code == 200
    assert client_for(newcomer).get(url(council)).status_code == 200
    seats = {m["seat"]: m["name"] for m in officer.get(url(council)).json()["members"]}
    assert seats[4] == newcomer.get_full_name()


def test_admin_shows_no_ballot_of_an_open_round(formed, admin_client):
    from tasks_kh_cn.councils.models import Ballot

    council, users = formed
    declare_and_submit(council, users[0])
    assert Ballot.objects.count() == 1
    response = admin_client.get("/admin/councils/ballot/")
    assert response.status_code == 200 and "0 phiếu đánh giá" in response.content.decode()
