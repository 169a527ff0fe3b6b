"""The domain pages as users try them: support items, pilot steps, changes, the plan report."""

import datetime
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tasks_kh_cn.changes.models import ChangeRequest, ChangeStatus
from tasks_kh_cn.models import TaskCase
from tasks_kh_cn.pilots.models import Milestone
from tasks_kh_cn.plan.models import PlanTarget
from tasks_kh_cn.support.models import SupportItemRequest
from tests.factories import make_case, make_enterprise_user, pdf, walk
from tests.pilots.helpers import carry_out, indicator, pilot_in_progress
from tests.support.helpers import add, item, support_case

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def page_of(case, user):
    return browser(user).get(f"/cases/{case.pk}/")


def text(response):
    return response.content.decode()


# --- enterprise support -------------------------------------------------------------------

def test_host_adds_a_support_item_and_sees_the_computed_amount(cast):
    case = support_case(cast.host, cast)
    client = browser(cast.host)
    page = text(client.get(f"/cases/{case.pk}/"))
    assert "MẶC ĐỊNH GIẢ ĐỊNH — chưa có nghị quyết HĐND tỉnh" in page
    assert "Thêm nội dung đề nghị hỗ trợ" in page
    response = client.post(f"/cases/{case.pk}/support/items/", {
        "item": item("iso-9001").pk, "cost_estimate": "150000000",
        "quotation_file": pdf("bao-gia.pdf")})
    assert response.status_code == 302 and response.url.endswith("#support")
    row = SupportItemRequest.objects.get(request__case=case)
    # Small enterprise under the default policy: 50% of 150m, within the 100m ceiling.
    assert row.requested_amount == 75_000_000
    page = text(client.get(f"/cases/{case.pk}/"))
    assert "75.000.000" in page and "150.000.000" in page and "ISO 9001" in page
    # …and removes it while the dossier is editable.
    response = client.post(f"/cases/{case.pk}/support/items/{row.pk}/remove/")
    assert response.status_code == 302
    assert not SupportItemRequest.objects.filter(pk=row.pk).exists()


def test_over_ceiling_request_shows_the_field_error_and_keeps_the_input(cast):
    case = support_case(cast.host, cast)
    response = browser(cast.host).post(f"/cases/{case.pk}/support/items/", {
        "item": item("haccp").pk, "cost_estimate": "300000000",
        "requested_amount": "100000001", "note": "Tư vấn HACCP cho xưởng"})
    assert response.status_code == 400
    page = text(response)
    assert "vượt mức tối đa được hỗ trợ 100.000.000 VNĐ" in page
    # The typed values stay in the form; the error sits on its field.
    assert 'value="300000000"' in page and 'value="100000001"' in page
    assert "Tư vấn HACCP cho xưởng" in page
    assert f'<option value="{item("haccp").pk}" selected>' in page
    assert not SupportItemRequest.objects.filter(request__case=case).exists()


def test_bad_numbers_are_field_errors_not_500(cast):
    case = support_case(cast.host, cast)
    response = browser(cast.host).post(f"/cases/{case.pk}/support/items/", {
        "item": "999999", "cost_estimate": "nhiều tiền"})
    assert response.status_code == 400
    page = text(response)
    # Django's own Vietnamese messages, on their fields; what was typed stays.
    assert 'id="id_support_item_error"' in page and "Hãy chọn một lựa chọn hợp lệ" in page
    assert 'id="id_support_cost_estimate_error"' in page and 'value="nhiều tiền"' in page


def test_another_enterprise_gets_404_and_an_officer_403(cast):
    case = support_case(cast.host, cast)
    row = add(case, cast.host, "iso-9001", 150_000_000)
    intruder = browser(cast.other_host)
    assert intruder.get(f"/cases/{case.pk}/").status_code == 404
    assert intruder.post(f"/cases/{case.pk}/support/items/", {
        "item": item("5s").pk, "cost_estimate": "1000"}).status_code == 404
    assert intruder.post(f"/cases/{case.pk}/support/items/{row.pk}/remove/").status_code == 404
    # The officer sees the case but is not the host: 403 with the reason.
    response = browser(cast.officer).post(f"/cases/{case.pk}/support/items/", {
        "item": item("5s").pk, "cost_estimate": "1000"})
    assert response.status_code == 403
    assert "Chỉ tổ chức chủ trì" in text(response)
    assert SupportItemRequest.objects.filter(request__case=case).count() == 1


def test_priority_list_for_officers_only(cast):
    case = support_case(cast.host, cast)
    response = browser(cast.officer).get("/support/priority/", {"sort": "code"})
    assert response.status_code == 200 and case.code in text(response)
    assert browser(cast.officer).get("/support/priority/", {"sort": "bừa"}).status_code == 200
    assert browser(cast.host).get("/support/priority/").status_code == 403


def test_evidence_form_during_implementation(cast):
    from tests.support.helpers import drive

    case = support_case(cast.host, cast)
    row = add(case, cast.host, "iso-9001", 150_000_000)
    case = drive(case, cast, cast.host, until="finish_implementation")
    client = browser(cast.host)
    assert "Ghi nhận minh chứng" in text(client.get(f"/cases/{case.pk}/"))
    prefix = f"ev{row.pk}-"
    response = client.post(f"/cases/{case.pk}/support/items/{row.pk}/evidence/", {
        prefix + "certificate_number": "QMS-01", prefix + "certification_body": "QUACERT"})
    assert response.status_code == 400
    assert "Cần nhập ngày hiệu lực." in text(response) and 'value="QMS-01"' in text(response)
    today = timezone.localdate()
    response = client.post(f"/cases/{case.pk}/support/items/{row.pk}/evidence/", {
        prefix + "certificate_number": "QMS-01", prefix + "certification_body": "QUACERT",
        prefix + "valid_from": today.isoformat(),
        prefix + "valid_until": (today + datetime.timedelta(days=1000)).isoformat(),
        prefix + "audit_report_file": pdf("danh-gia.pdf")})
    assert response.status_code == 302, text(response)
    due = (today + relativedelta(months=12)).strftime("%d/%m/%Y")
    page = text(client.get(f"/cases/{case.pk}/"))
    assert "QMS-01" in page and due in page and "Chưa kiểm tra" in page


# --- pilot models ---------------------------------------------------------------------------

def step_url(case, n, name):
    return f"/cases/{case.pk}/pilot/steps/{n}/transitions/{name}/"


def test_pilot_steps_through_the_page_in_order(cast):
    case, _proposer = pilot_in_progress(cast)
    client = browser(cast.host)
    page = text(client.get(f"/cases/{case.pk}/"))
    assert "Phải hoàn thành bước 1 trước khi bắt đầu bước 2." in page  # closed action's reason
    # Out of order: refused with the reason.
    response = client.post(step_url(case, 2, "start"))
    assert response.status_code == 409
    assert "Phải hoàn thành bước 1 trước khi bắt đầu bước 2." in text(response)
    assert Milestone.objects.get(case=case, step=2).status == "pending"
    # In order: start, evidence, measurement, complete.
    assert client.post(step_url(case, 1, "start")).status_code == 302
    response = client.post(step_url(case, 1, "complete"))
    assert response.status_code == 409 and "chưa có minh chứng" in text(response)
    response = client.post(f"/cases/{case.pk}/pilot/steps/1/evidence/",
                           {"ev1-file": pdf("thuc-trang.pdf"), "ev1-title": "Báo cáo thực trạng"})
    assert response.status_code == 302
    response = client.post(f"/cases/{case.pk}/pilot/steps/1/measurements/",
                           {"m1-indicator": indicator("defect-rate").pk, "m1-value": "abc"})
    assert response.status_code == 400 and 'value="abc"' in text(response)
    response = client.post(f"/cases/{case.pk}/pilot/steps/1/measurements/",
                           {"m1-indicator": indicator("defect-rate").pk, "m1-value": "5"})
    assert response.status_code == 302
    assert client.post(step_url(case, 1, "complete")).status_code == 302
    assert Milestone.objects.get(case=case, step=1).status == "done"
    # Reopen while step 2 has not started, then complete again and start step 2.
    assert client.post(step_url(case, 1, "reopen")).status_code == 302
    assert client.post(step_url(case, 1, "complete")).status_code == 302
    assert client.post(step_url(case, 2, "start")).status_code == 302
    page = text(client.get(f"/cases/{case.pk}/"))
    assert "Báo cáo thực trạng" in page and "Bước 2 đã bắt đầu; không mở lại bước 1." in page


def test_only_an_approver_recognises_step_5(cast):
    case, _proposer = pilot_in_progress(cast)
    baseline = {"labour-productivity": 100, "defect-rate": 5}
    carry_out(case, 1, cast.host, baseline)
    for n in (2, 3, 4, 5):
        carry_out(case, n, cast.host)
    data = {"decision_number": "15/QĐ-SKHCN",
            "decision_date": timezone.localdate().isoformat()}
    response = browser(cast.host).post(step_url(case, 5, "recognise"), data)
    assert response.status_code == 403 and "Chỉ lãnh đạo Sở" in text(response)
    approver = browser(cast.approver)
    assert "Công nhận áp dụng thành công" in text(approver.get(f"/cases/{case.pk}/"))
    bad = approver.post(step_url(case, 5, "recognise"),
                        {"decision_number": "15/QĐ-SKHCN",
                         "decision_date": "2999-01-01"})
    assert bad.status_code == 400 and "không được ở tương lai" in text(bad)
    assert 'value="15/QĐ-SKHCN"' in text(bad)
    assert approver.post(step_url(case, 5, "recognise"), data).status_code == 302
    assert Milestone.objects.get(case=case, step=5).status == "recognised"
    carry_out(case, 6, cast.host, {"labour-productivity": 150, "defect-rate": 2})
    page = text(browser(cast.host).get(f"/cases/{case.pk}/"))
    assert "So sánh trước và sau khi áp dụng" in page
    assert "50%" in page and "-60%" in page and "Cải thiện" in page


def test_host_names_a_step_owner_among_its_members(cast):
    from tests.factories import make_enterprise_user

    case, _proposer = pilot_in_progress(cast)
    colleague = make_enterprise_user(cast.host.organisations.first(), username="dong_nghiep",
                                     first_name="Lan", last_name="Trần")
    client = browser(cast.host)
    response = client.post(f"/cases/{case.pk}/pilot/owner/",
                           {"owner-step": "3", "owner-owner": cast.other_host.pk})
    assert response.status_code == 400 and "Hãy chọn một lựa chọn hợp lệ" in text(response)
    assert client.post(f"/cases/{case.pk}/pilot/owner/",
                       {"owner-step": "3", "owner-owner": colleague.pk}).status_code == 302
    assert Milestone.objects.get(case=case, step=3).owner == colleague
    assert browser(cast.officer).post(f"/cases/{case.pk}/pilot/owner/", {
        "owner-step": "3", "owner-owner": cast.officer.pk}).status_code == 403


# --- extensions and amendments -----------------------------------------------------------

def test_extension_through_the_page(cast):
    case = walk(make_case(cast.host), cast, until="finish_implementation")
    host = browser(cast.host)
    assert "Đề nghị gia hạn hoặc điều chỉnh" in text(host.get(f"/cases/{case.pk}/"))
    # Too long for an 18-month task: the rule's error, what was typed kept.
    response = host.post(f"/cases/{case.pk}/changes/", {
        "kind": "extension", "extension_months": "9", "reason": "Mưa lũ kéo dài"})
    assert response.status_code == 400
    assert "chỉ được gia hạn tối đa 6 tháng" in text(response)
    assert "Mưa lũ kéo dài" in text(response)
    response = host.post(f"/cases/{case.pk}/changes/", {"kind": "extension", "reason": ""})
    assert response.status_code == 400 and "Cần nêu lý do." in text(response)
    response = host.post(f"/cases/{case.pk}/changes/", {
        "kind": "extension", "extension_months": "6", "reason": "Mưa lũ kéo dài"})
    assert response.status_code == 302
    change = ChangeRequest.objects.get(case=case)
    # A second one while the first is pending is refused.
    response = host.post(f"/cases/{case.pk}/changes/", {
        "kind": "extension", "extension_months": "3", "reason": "Lần nữa"})
    assert response.status_code == 400 and "đang chờ quyết định" in text(response)
    # The host may not decide; the approver must give a number.
    assert host.post(f"/cases/{case.pk}/changes/{change.pk}/approve/",
                     {f"ap{change.pk}-decision_number": "1/QĐ"}).status_code == 403
    approver = browser(cast.approver)
    response = approver.post(f"/cases/{case.pk}/changes/{change.pk}/approve/", {})
    assert response.status_code == 400 and "Cần số văn bản chấp thuận." in text(response)
    old_end = TaskCase.objects.get(pk=case.pk).end_date
    response = approver.post(f"/cases/{case.pk}/changes/{change.pk}/approve/",
                             {f"ap{change.pk}-decision_number": "15/QĐ-SKHCN"})
    assert response.status_code == 302
    assert TaskCase.objects.get(pk=case.pk).end_date == old_end + relativedelta(months=6)
    page = text(host.get(f"/cases/{case.pk}/"))
    assert "Đã chấp thuận" in page and "15/QĐ-SKHCN" in page


def test_refusal_and_withdrawal_through_the_page(cast):
    case = walk(make_case(cast.host), cast, until="finish_implementation")
    host, approver = browser(cast.host), browser(cast.approver)
    # (Under a lump sum to the final product the host adjusts the content itself: no
    # decision to refuse; an extension goes to the approver.)
    host.post(f"/cases/{case.pk}/changes/", {"kind": "extension", "extension_months": "3",
                                             "reason": "Mưa lũ"})
    host.post(f"/cases/{case.pk}/changes/", {"kind": "personnel", "reason": "Thay thành viên"})
    content, personnel = (ChangeRequest.objects.get(case=case, kind=k)
                          for k in ("extension", "personnel"))
    response = approver.post(f"/cases/{case.pk}/changes/{content.pk}/refuse/", {})
    assert response.status_code == 400 and "Cần nêu lý do không chấp thuận." in text(response)
    assert approver.post(f"/cases/{case.pk}/changes/{content.pk}/refuse/",
                         {f"rf{content.pk}-decision_note": "Chưa đủ căn cứ"}).status_code == 302
    assert approver.post(f"/cases/{case.pk}/changes/{personnel.pk}/withdraw/").status_code == 403
    assert host.post(f"/cases/{case.pk}/changes/{personnel.pk}/withdraw/").status_code == 302
    content.refresh_from_db()
    personnel.refresh_from_db()
    assert content.status == ChangeStatus.REFUSED and personnel.status == ChangeStatus.WITHDRAWN
    assert "Chưa đủ căn cứ" in text(host.get(f"/cases/{case.pk}/"))
    assert browser(cast.other_host).post(f"/cases/{case.pk}/changes/", {
        "kind": "content", "reason": "x"}).status_code == 404


def test_no_change_form_before_implementation(cast):
    case = make_case(cast.host)
    assert 'id="changes"' not in text(page_of(case, cast.host))
    response = browser(cast.host).post(f"/cases/{case.pk}/changes/",
                                       {"kind": "content", "reason": "Sớm quá"})
    assert response.status_code == 400 and "khi nhiệm vụ đang thực hiện" in text(response)


# --- the plan report ------------------------------------------------------------------------

def test_plan_page_for_the_department_only(cast):
    response = browser(cast.officer).get("/plan/")
    assert response.status_code == 200
    page = text(response)
    for target in PlanTarget.objects.all():
        assert target.get_measure_display() in page
    year = timezone.localdate().year
    assert f"14/12/{year}" in page and "/plan/report.xlsx?as_of=" in page
    assert "Báo cáo kế hoạch" in page  # in the navigation
    enterprise = browser(cast.host)
    assert enterprise.get("/plan/").status_code == 403
    assert enterprise.get("/plan/report.xlsx").status_code == 403
    assert "Báo cáo kế hoạch" not in text(enterprise.get("/"))
    anonymous = Client().get("/plan/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    assert browser(cast.approver).get("/plan/", {"as_of": "không phải ngày"}).status_code == 400


def test_excel_download_opens(cast):
    response = browser(cast.finance).get("/plan/report.xlsx", {"as_of": "2025-06-30"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "30/06/2025" in sheet["A2"].value
    assert sheet.max_row == 4 + PlanTarget.objects.count()


# --- query counts -----------------------------------------------------------------------------

# Measured on SQLite with every section of the case page (councils included); the same
# whatever the number of items, steps' evidence or change requests.
# + the yearly cap and what the enterprise already got this year (NĐ 80/2021 art. 13).
SUPPORT_PAGE_QUERIES = 20
# Each case page also reads its open desk task (with its owner) and, when the viewer may take
# none of the transitions themselves, the colleagues they stand in for today.
# Six steps, each asking which of its actions are open and why not; + TT 20/2023 art. 4
# (the host's overdue acceptance filings) and the pilot's proposal checks at submission.
# + the header's unread notices, the case's open deadlines (issue 13) and its funding balance.
# + the host's change form lists the host organisation's people (a new task leader).
PILOT_PAGE_QUERIES = 38
# + unread notices, the funding section (and, for an approver, its open suspension proposal);
# the people named by pending leader changes (one).
CHANGES_PAGE_QUERIES = 19
# The plan report reads each of the programme's targets (training, survey, products,
# publicity, experts, milestones: issue 14), a fixed set whatever the rows behind them.
PLAN_PAGE_QUERIES = 55


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_support_case_page_queries_do_not_grow_with_items(cast):
    case = support_case(cast.host, cast)
    add(case, cast.host, "iso-9001", 150_000_000)
    client = browser(cast.host)
    one = count_queries(client, f"/cases/{case.pk}/")
    for code in ("5s", "kaizen", "lean"):
        add(case, cast.host, code, 50_000_000)
    assert count_queries(client, f"/cases/{case.pk}/") == one <= SUPPORT_PAGE_QUERIES


def test_pilot_case_page_queries_do_not_grow_with_evidence(cast):
    from tasks_kh_cn.pilots.services import add_step_evidence

    case, _proposer = pilot_in_progress(cast)
    carry_out(case, 1, cast.host, {"defect-rate": 5})
    client = browser(cast.host)
    client.post(step_url(case, 2, "start"))

    def evidence(name):
        add_step_evidence(milestone=Milestone.objects.get(case=case, step=2), user=cast.host,
                          uploaded=pdf(name))

    evidence("mot.pdf")
    one = count_queries(client, f"/cases/{case.pk}/")
    for n in range(3):
        evidence(f"them-{n}.pdf")
    assert count_queries(client, f"/cases/{case.pk}/") == one <= PILOT_PAGE_QUERIES


def test_research_case_page_queries_do_not_grow_with_changes(cast):
    case = walk(make_case(cast.host), cast, until="finish_implementation")
    client = browser(cast.approver)
    host = browser(cast.host)
    colleague = make_enterprise_user(organisation=case.host)
    host.post(f"/cases/{case.pk}/changes/", {"kind": "leader", "reason": "Một",
                                             "leader": colleague.pk})
    one = count_queries(client, f"/cases/{case.pk}/")
    # A pending request, one the host decided itself (applied, in the history), an extension.
    for data in ({"kind": "personnel"}, {"kind": "content", "summary": "Nội dung mới"},
                 {"kind": "extension", "extension_months": "3"}):
        assert host.post(f"/cases/{case.pk}/changes/",
                         {**data, "reason": "Thêm"}).status_code == 302
    assert ChangeRequest.objects.filter(case=case).count() == 4
    assert count_queries(client, f"/cases/{case.pk}/") == one <= CHANGES_PAGE_QUERIES


def test_plan_page_queries(cast):
    walk(make_case(cast.host), cast, until="finish_implementation")
    assert count_queries(browser(cast.officer), "/plan/") <= PLAN_PAGE_QUERIES


def test_number_filter_uses_vietnamese_separators():
    from decimal import Decimal

    from tasks_kh_cn.templatetags.domain_sections import number

    assert number(Decimal("4.8000")) == "4,8"
    assert number(Decimal("118000000.0000")) == "118.000.000"
    assert number(Decimal("-1234.50")) == "-1.234,5"
    assert number(None) == "—"
