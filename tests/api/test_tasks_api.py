"""The REST API contract, told as the users who call it."""

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import make_case, upload_required, walk
from workflows.roles import Role

pytestmark = pytest.mark.django_db


def client_for(user, lang="vi"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_authenticate(user)
    return client


def test_token_auth_gives_a_token_that_opens_the_api(cast):
    cast.host.set_password("demo12345")
    cast.host.save()
    anonymous = APIClient()
    assert anonymous.get("/api/tasks/").status_code == 401
    bad = anonymous.post("/api/auth/token/", {"username": "ent", "password": "nope"})
    assert bad.status_code == 400
    assert "non_field_errors" in bad.json()["errors"]
    response = anonymous.post("/api/auth/token/", {"username": "ent", "password": "demo12345"})
    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["expiry"]  # knox: tokens expire (tests/accounts test the rest)
    assert AuthToken.objects.get(user=cast.host).token_key == token[:15]
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anonymous.get("/api/tasks/").status_code == 200


def test_list_shows_only_own_cases_with_pagination_and_filters(cast):
    mine = make_case(cast.host, title="Đề tài của tôi")
    listed = walk(make_case(cast.host, title="Đã vào danh mục"), cast, until="submit_dossier")
    make_case(cast.other_host, title="Của doanh nghiệp khác")
    response = client_for(cast.host).get("/api/tasks/")
    body = response.json()
    assert response.status_code == 200
    assert set(body) >= {"count", "next", "previous", "results"}
    assert body["count"] == 2
    assert {row["id"] for row in body["results"]} == {mine.pk, listed.pk}
    row = next(r for r in body["results"] if r["id"] == mine.pk)
    assert row["organization"] == {"id": mine.host_id, "name": mine.host.name}
    assert row["phase"] == "proposal" and row["status"] == "draft"
    assert row["status_label"] == "Nháp"

    officer = client_for(cast.officer)
    assert officer.get("/api/tasks/").json()["count"] == 3
    by_status = officer.get("/api/tasks/", {"status": "listed"}).json()
    assert [r["id"] for r in by_status["results"]] == [listed.pk]
    by_phase = officer.get("/api/tasks/", {"phase": "proposal"}).json()
    assert by_phase["count"] == 3
    assert officer.get("/api/tasks/", {"phase": "contract"}).json()["count"] == 0
    assert officer.get("/api/tasks/", {"kind": "pilot_model"}).json()["count"] == 0
    assert officer.get("/api/tasks/", {"phase": "nonsense"}).status_code == 400


def test_pagination_next_and_previous(cast):
    for i in range(3):
        make_case(cast.host, title=f"Đề tài {i}")
    client = client_for(cast.host)
    first = client.get("/api/tasks/", {"page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


def test_detail_has_the_contract_fields_and_the_callers_transitions(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    body = client_for(cast.host).get(f"/api/tasks/{case.pk}/").json()
    for key in ("id", "code", "title", "kind", "phase", "status", "organization",
                "available_transitions", "transition_options"):
        assert key in body
    assert body["available_transitions"] == ["submit", "withdraw"]
    officer_view = client_for(cast.officer).get(f"/api/tasks/{case.pk}/").json()
    assert officer_view["available_transitions"] == []
    submit = next(o for o in officer_view["transition_options"] if o["name"] == "submit")
    assert submit["allowed"] is False
    assert "tổ chức chủ trì" in submit["reason"]


def test_forbidden_doors_answer_404(cast):
    case = make_case(cast.host)
    reviewer = client_for(cast.reviewer)
    other = client_for(cast.other_host)
    for client in (reviewer, other):
        for url in (f"/api/tasks/{case.pk}/", f"/api/tasks/{case.pk}/history/",
                    f"/api/tasks/{case.pk}/documents/"):
            response = client.get(url)
            assert response.status_code == 404
            assert case.code not in response.content.decode()
        response = client.post(f"/api/tasks/{case.pk}/transitions/submit/", {}, format="json")
        assert response.status_code == 404
    assert reviewer.get("/api/tasks/").json()["count"] == 0


def test_transition_success_and_history(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    response = client_for(cast.host).post(
        f"/api/tasks/{case.pk}/transitions/submit/", {"comment": "Kính gửi Sở"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    history = client_for(cast.officer).get(f"/api/tasks/{case.pk}/history/").json()
    assert len(history) == 1
    assert history[0]["actor"] == "ent"
    assert (history[0]["from_status"], history[0]["to_status"]) == ("draft", "submitted")
    assert history[0]["comment"] == "Kính gửi Sở"
    assert history[0]["at"]


def test_transition_wrong_role_is_403_with_reason(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    response = client_for(cast.finance).post(f"/api/tasks/{case.pk}/transitions/submit/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ tổ chức chủ trì mới thực hiện được thao tác này."


def test_transition_in_wrong_status_is_409_and_unknown_is_404(cast):
    case = make_case(cast.host)
    client = client_for(cast.approver)
    response = client.post(f"/api/tasks/{case.pk}/transitions/approve/", {}, format="json")
    assert response.status_code == 409
    assert "Nháp" in response.json()["detail"]
    assert client.post(f"/api/tasks/{case.pk}/transitions/fly_away/").status_code == 404


def test_unmet_condition_is_409_with_the_reason(cast):
    case = make_case(cast.host)  # no proposal form uploaded
    response = client_for(cast.host).post(f"/api/tasks/{case.pk}/transitions/submit/")
    assert response.status_code == 409
    assert "Hồ sơ còn thiếu" in response.json()["detail"]


def test_bad_payload_is_400_with_field_errors_in_vietnamese(cast):
    case = walk(make_case(cast.host), cast, until="approve")
    # The decision's number is the register's (nothing typed); a budget above the appraised
    # one and a duration past the bound are refused field by field.
    response = client_for(cast.approver).post(
        f"/api/tasks/{case.pk}/transitions/approve/",
        {"approved_budget": case.appraised_budget + 1, "lump_sum_mode": "final_product",
         "duration_months": 61}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Dữ liệu không hợp lệ."
    appraised = f"{case.appraised_budget:,}".replace(",", ".")
    assert body["errors"]["approved_budget"] == [
        f"Kinh phí phê duyệt không được vượt kinh phí đã thẩm định ({appraised} VNĐ)."]
    assert body["errors"]["duration_months"] == ["Đảm bảo giá trị này nhỏ hơn hoặc bằng 60."]
    case.refresh_from_db()
    assert case.status == "awaiting_approval"


def test_enterprise_creates_a_draft_proposal(cast):
    client = client_for(cast.host)
    response = client.post("/api/tasks/", {"title": "Áp dụng ISO 22000", "kind": "research",
                                           "requested_budget": 500_000_000}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["code"].startswith("TH-")
    assert body["organization"]["id"] == cast.host.organisations.first().pk
    assert "withdraw" in body["available_transitions"]


def test_create_proposal_rejects_bad_input_and_wrong_roles(cast):
    client = client_for(cast.host)
    bad = client.post("/api/tasks/", {"title": "", "kind": "space"}, format="json")
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert errors["title"] == ["Cần nhập tên nhiệm vụ."]
    assert errors["kind"][0].startswith("Hãy chọn một lựa chọn hợp lệ.")
    negative = client.post("/api/tasks/", {"title": "X", "kind": "research",
                                           "requested_budget": -5}, format="json")
    assert negative.json()["errors"]["requested_budget"] == [
        "Đảm bảo giá trị này lớn hơn hoặc bằng 0."]
    other_org = cast.other_host.organisations.first()
    foreign = client.post("/api/tasks/", {"title": "X", "kind": "research",
                                          "host": other_org.pk}, format="json")
    assert foreign.status_code == 400
    assert foreign.json()["errors"]["host"] == ["Bạn không phải thành viên của tổ chức này."]
    officer = client_for(cast.officer).post("/api/tasks/", {"title": "X", "kind": "research"},
                                            format="json")
    assert officer.status_code == 403


def test_inbox_lists_open_desk_tasks(cast):
    draft = make_case(cast.host, title="Nháp chờ nộp")
    submitted = make_case(cast.host, title="Đã nộp")
    upload_required(submitted, "proposal", cast.host)
    client_for(cast.host).post(f"/api/tasks/{submitted.pk}/transitions/submit/")

    host_inbox = client_for(cast.host).get("/api/inbox/").json()
    assert [item["case_id"] for item in host_inbox["results"]] == [draft.pk]
    item = host_inbox["results"][0]
    assert item["case_code"] == draft.code and item["case_status"] == "draft"

    officer_inbox = client_for(cast.officer).get("/api/inbox/").json()
    assert [item["case_id"] for item in officer_inbox["results"]] == [submitted.pk]
    assert client_for(cast.other_host).get("/api/inbox/").json()["count"] == 0
    assert client_for(cast.reviewer).get("/api/inbox/").json()["count"] == 0


def test_schema_is_served(cast):
    response = client_for(cast.officer).get("/api/schema/")
    assert response.status_code == 200


def test_role_names_are_stable():
    assert Role.ENTERPRISE == "enterprise"


def test_malformed_body_is_400_not_500(cast):
    case = make_case(cast.host)
    client = client_for(cast.host)
    response = client.post(f"/api/tasks/{case.pk}/transitions/withdraw/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"]
    assert client.post("/api/tasks/", ["x"], format="json").status_code == 400


def test_detail_says_whose_desk_it_is(cast):
    case = make_case(cast.host)
    body = client_for(cast.host).get(f"/api/tasks/{case.pk}/").json()
    assert body["desk"] == "enterprise"
    assert body["desk_label"] == "Doanh nghiệp / tổ chức chủ trì"


def test_the_request_language_is_honoured(cast):
    # Until locale/en exists the messages stay Vietnamese; the language switch itself works.
    case = make_case(cast.host)
    response = client_for(cast.finance, lang="en").post(
        f"/api/tasks/{case.pk}/transitions/submit/")
    assert response.status_code == 403
    assert response["Content-Language"] == "en"
    vi = client_for(cast.finance).post(f"/api/tasks/{case.pk}/transitions/submit/")
    assert vi["Content-Language"] == "vi"
    assert vi.json()["detail"] == "Chỉ tổ chức chủ trì mới thực hiện được thao tác này."
