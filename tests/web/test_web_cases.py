"""The web app as its users try it: lists, a case page, its actions, uploads, forbidden doors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_case, pdf, upload_required, walk

pytestmark = pytest.mark.django_db

# Measured on SQLite: the case list page, independent of the number of cases.
CASE_LIST_QUERIES = 8  # + the officer and call filters' choices, the header's unread notices
# + the inbox (and who one stands in for; one COUNT per source, the plan's deadlines outside
# cases among them), the upcoming deadlines, unread notices; the officer's inbox counts its
# periodic reports to review and inspection confirmations (one COUNT each)
DASHBOARD_QUERIES = 14


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def test_pages_need_a_login():
    client = Client()
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    login = client.get("/accounts/login/")
    assert login.status_code == 200 and "Đăng nhập" in login.content.decode()


def test_login_with_password_lands_on_the_dashboard(cast):
    cast.host.set_password("demo12345")
    cast.host.save()
    client = Client()
    response = client.post("/accounts/login/", {"username": "ent", "password": "demo12345"})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200


def test_dashboard_counts_phases_and_lists_the_inbox(cast):
    draft = make_case(cast.host, title="Đề tài nháp")
    walk(make_case(cast.host, title="Đề tài đang làm"), cast, until="finish_implementation")
    make_case(cast.other_host, title="Không phải của tôi")
    page = browser(cast.host).get("/").content.decode()
    assert "Đề xuất nhiệm vụ mới" in page
    assert f"/cases/{draft.pk}/" in page  # the draft waits on the host's desk
    assert "Không phải của tôi" not in page
    officer_page = browser(cast.officer).get("/").content.decode()
    assert "Đề xuất nhiệm vụ mới" not in officer_page


def test_case_list_filters_searches_and_paginates(cast):
    research = make_case(cast.host, title="Giống lúa chịu mặn")
    support = make_case(cast.host, kind="enterprise_support", title="Áp dụng ISO 22000")
    make_case(cast.other_host, title="Của người khác")
    client = browser(cast.host)
    page = client.get("/cases/").content.decode()
    assert research.code in page and support.code in page and "Của người khác" not in page
    assert support.code not in client.get("/cases/", {"kind": "research"}).content.decode()
    found = client.get("/cases/", {"q": "lúa"}).content.decode()
    assert research.code in found and support.code not in found
    assert research.code in client.get("/cases/", {"q": research.code}).content.decode()
    assert research.code not in client.get("/cases/", {"phase": "acceptance"}).content.decode()
    assert client.get("/cases/", {"status": "bogus"}).status_code == 200  # ignored, no 500


def _list_queries(user):
    client = browser(user)
    client.get("/cases/")  # warm-up: content types and sessions cached as in a live process
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/cases/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["host", "officer"])
def test_case_list_query_count_is_pinned(cast, who):
    user = getattr(cast, who)
    for i in range(2):
        make_case(cast.host, title=f"Ít {i}")
    few = _list_queries(user)
    for i in range(25):  # more than a page
        make_case(cast.host, title=f"Nhiều {i}")
    many = _list_queries(user)
    print(f"/cases/ as {who}: {few} → {many}")
    assert few == many <= CASE_LIST_QUERIES


def test_forbidden_doors_are_404(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    version = case.documents.first().current_version
    for user in (cast.other_host, cast.reviewer):
        client = browser(user)
        for url in (f"/cases/{case.pk}/", f"/cases/{case.pk}/documents/{version.pk}/"):
            response = client.get(url)
            assert response.status_code == 404
            assert case.title not in response.content.decode()
        assert client.post(f"/cases/{case.pk}/transitions/submit/").status_code == 404
        assert client.post(f"/cases/{case.pk}/documents/",
                           {"kind": "other", "file": pdf()}).status_code == 404
    assert browser(cast.officer).get(f"/cases/{case.pk}/").status_code == 200
    download = browser(cast.host).get(f"/cases/{case.pk}/documents/{version.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_case_page_shows_timeline_actions_and_reasons(cast):
    case = walk(make_case(cast.host), cast, until="approve")
    host_page = browser(cast.host).get(f"/cases/{case.pk}/").content.decode()
    assert "Chờ phê duyệt" in host_page
    assert "Chỉ lãnh đạo Sở mới phê duyệt được." in host_page  # the closed door, explained
    assert 'class="current"' in host_page
    approver_page = browser(cast.approver).get(f"/cases/{case.pk}/").content.decode()
    assert f'action="/cases/{case.pk}/transitions/approve/"' in approver_page
    assert 'name="approved_budget"' in approver_page
    assert 'name="decision_number"' not in approver_page  # the register numbers the decision
    assert "Nháp → Đã nộp đề xuất" in approver_page  # history in words


def test_transition_through_the_page(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    response = browser(cast.host).post(f"/cases/{case.pk}/transitions/submit/",
                                       {"comment": "Kính gửi Sở"})
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/"
    case.refresh_from_db()
    assert case.status == "submitted"
    assert case.history.get().comment == "Kính gửi Sở"


def test_bad_payload_keeps_what_was_typed_and_explains_in_vietnamese(cast):
    case = walk(make_case(cast.host), cast, until="approve")
    response = browser(cast.approver).post(
        f"/cases/{case.pk}/transitions/approve/",
        {"approved_budget": "999.000.000.000", "duration_months": "18", "comment": "ghi chú"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kinh phí phê duyệt không được vượt kinh phí đã thẩm định" in page
    assert 'value="18"' in page and "ghi chú" in page
    case.refresh_from_db()
    assert case.status == "awaiting_approval"


def test_wrong_role_is_403_with_the_reason(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    response = browser(cast.finance).post(f"/cases/{case.pk}/transitions/submit/")
    assert response.status_code == 403
    assert "Chỉ tổ chức chủ trì mới thực hiện được thao tác này." in response.content.decode()
    conflict = browser(cast.host).post(f"/cases/{case.pk}/transitions/settle/")
    assert conflict.status_code == 409


def test_upload_on_the_page(cast, settings):
    case = make_case(cast.host)
    client = browser(cast.host)
    ok = client.post(f"/cases/{case.pk}/documents/", {"kind": "proposal_form", "file": pdf()})
    assert ok.status_code == 302
    assert case.documents.get().versions.count() == 1
    exe = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    refused = client.post(f"/cases/{case.pk}/documents/",
                          {"kind": "other", "title": "Tệp lạ", "file": exe})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Loại tệp .exe không được chấp nhận" in page and 'value="Tệp lạ"' in page
    settings.DOCUMENT_MAX_BYTES = 10
    big = client.post(f"/cases/{case.pk}/documents/", {"kind": "other", "file": pdf()})
    assert big.status_code == 400 and "Tệp quá lớn" in big.content.decode()
    officer = browser(cast.officer).post(f"/cases/{case.pk}/documents/",
                                         {"kind": "other", "file": pdf()})
    assert officer.status_code == 403


def test_new_proposal(cast):
    client = browser(cast.host)
    assert client.get("/cases/new/").status_code == 200
    bad = client.post("/cases/new/", {"title": "", "kind": "research", "requested_budget": "-1",
                                      "co_funding": "0"})
    assert bad.status_code == 400
    assert "Cần nhập tên nhiệm vụ." in bad.content.decode()
    host = cast.host.organisations.first()
    ok = client.post("/cases/new/", {"title": "Áp dụng Lean", "kind": "enterprise_support",
                                     "host": host.pk, "requested_budget": "200000000",
                                     "co_funding": "0"})
    assert ok.status_code == 302
    case = host.cases.get(title="Áp dụng Lean")
    assert case.status == "draft" and case.created_by == cast.host
    foreign = client.post("/cases/new/", {"title": "X", "kind": "research", "requested_budget": 0,
                                          "co_funding": 0,
                                          "host": cast.other_host.organisations.first().pk})
    assert foreign.status_code == 400
    assert browser(cast.officer).get("/cases/new/").status_code == 403


def test_language_switcher_turns_the_page_english(cast):
    client = browser(cast.host)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/cases/"})
    assert response.status_code == 302
    assert 'lang="en"' in client.get("/cases/").content.decode()
    assert 'lang="vi"' in browser(cast.host).get("/cases/").content.decode()


def test_not_found_page_in_production_mode_says_nothing_about_the_case(cast, settings):
    settings.DEBUG = False
    case = make_case(cast.host, title="Bí mật kinh doanh")
    response = browser(cast.other_host).get(f"/cases/{case.pk}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page and "Bí mật kinh doanh" not in page


def _page_queries(user, url):
    client = browser(user)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["host", "officer"])
def test_dashboard_query_count_is_pinned(cast, who):
    user = getattr(cast, who)
    for i in range(2):
        case = make_case(cast.host, title=f"Ít {i}")
    upload_required(case, "proposal", cast.host)
    from workflows.services import perform_transition

    perform_transition(case=case, name="submit", user=cast.host, data={})
    few = _page_queries(user, "/")
    for i in range(12):
        case = make_case(cast.host, title=f"Nhiều {i}")
        upload_required(case, "proposal", cast.host)
        perform_transition(case=case, name="submit", user=cast.host, data={})
    many = _page_queries(user, "/")
    detail = _page_queries(user, f"/cases/{case.pk}/")
    print(f"/ as {who}: {few} → {many}; case page: {detail}")
    assert few == many <= DASHBOARD_QUERIES


def test_register_organisation_on_the_web(db):
    from tasks_kh_cn.models import Organisation
    from tests.factories import UserFactory, valid_tax_code

    user = UserFactory(username="moi")
    client = browser(user)
    assert "Đăng ký tổ chức" in client.get("/").content.decode()
    good = valid_tax_code()
    wrong = good[:9] + str((int(good[9]) + 1) % 10)
    fields = {"name": "HTX Nông sản Yên Định", "kind": "ocop_producer", "sector": "production",
              "size_class": "micro", "district": "yen_dinh"}
    refused = client.post("/organisations/new/", {**fields, "tax_code": wrong})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert f"Mã số thuế {wrong} không hợp lệ: sai chữ số kiểm tra." in page
    assert 'value="HTX Nông sản Yên Định"' in page
    ok = client.post("/organisations/new/", {**fields, "tax_code": good})
    assert ok.status_code == 302
    assert Organisation.objects.get(tax_code=good).members.get() == user
