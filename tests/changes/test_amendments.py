"""Amendments that change the case (issue 12 point 4; TT 04/2015, TT 09/2014): an approved
change writes its fields on the case in the same transaction, with each field's before and
after in the case's history (full names), and the department's numbered annex; what may
change under each lump-sum mode, and the share of content done before shortening, are
dated rule rows."""

import datetime
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from rest_framework.test import APIClient

from notifications.models import Deadline, DueUnit
from tasks_kh_cn.changes.models import AmendmentRule, ChangeKind, ChangeRequest, ChangeStatus
from tasks_kh_cn.changes.services import decide_change, request_change
from tasks_kh_cn.changes.views import ChangeRequestForm
from tasks_kh_cn.funding.issuing import as_docx
from tasks_kh_cn.models import Profile, TaskCase, TransitionLog
from tests.factories import make_case, make_enterprise_user, walk
from tests.web.admin_helpers import logged_in, superuser
from workflows.deadlines import due_date
from workflows.roles import Role
from workflows.services import desk_and_process_agree

pytestmark = pytest.mark.django_db
# Measured on SQLite: the case (visibility) and the requests with their people and annexes.
CHANGES_API_QUERIES = 2


def named(user, full_name):
    Profile.objects.update_or_create(user=user, defaults={"full_name": full_name})
    return user


@pytest.fixture
def running(cast):
    """A research case in implementation (lump sum to the final product), led by the host."""
    named(cast.host, "Nguyễn Văn An")
    named(cast.approver, "Lê Thị Bình")
    case = walk(make_case(cast.host, leader=cast.host), cast, until="finish_implementation")
    assert case.status == "in_progress" and case.lump_sum_mode == "final_product"
    return case


def _set(case, **fields):
    TaskCase.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


def amend_rows(case):
    return list(TransitionLog.objects.filter(case=case, transition="amend_case"))


def test_name_and_products_under_partial_lump_sum_apply_on_approval(cast, running):
    case = _set(running, lump_sum_mode="partial")
    old_title = case.title
    change = request_change(case=case, user=cast.host, kind=ChangeKind.NAME_OBJECTIVES_PRODUCTS,
                            reason="Hội đồng tư vấn đề nghị đổi sản phẩm",
                            proposed={"title": "Ứng dụng ISO 9001:2015 tại 5 doanh nghiệp",
                                      "summary": "Sản phẩm: 5 hệ thống quản lý được chứng nhận"})
    assert change.status == ChangeStatus.SUBMITTED
    case.refresh_from_db()
    assert case.title == old_title  # nothing applies before the decision
    change = decide_change(change=change, user=cast.approver, approve=True,
                           decision_number="21/QĐ-SKHCN")
    case.refresh_from_db()
    assert case.title == "Ứng dụng ISO 9001:2015 tại 5 doanh nghiệp"
    assert case.summary == "Sản phẩm: 5 hệ thống quản lý được chứng nhận"
    assert change.applied == [
        {"field": "title", "before": old_title,
         "after": "Ứng dụng ISO 9001:2015 tại 5 doanh nghiệp"},
        {"field": "summary", "before": "—",
         "after": "Sản phẩm: 5 hệ thống quản lý được chứng nhận"}]
    [row] = amend_rows(case)
    assert (row.actor, row.payload["changes"], row.from_status, row.to_status) == (
        cast.approver, change.applied, "in_progress", "in_progress")
    # The department's annex, numbered in the register, with the change in it.
    annex = change.amendment_document
    assert annex.kind == "amendment" and annex.register_number.endswith("PLHĐ-SKHCN")
    assert row.payload["document"] == annex.register_number
    assert f"Tên nhiệm vụ: {old_title} → Ứng dụng ISO 9001:2015" in annex.text
    assert "Lê Thị Bình" in annex.text and "Nguyễn Văn An" in annex.text
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(as_docx(annex))).paragraphs)
    assert "Ứng dụng ISO 9001:2015 tại 5 doanh nghiệp" in docx_text
    assert desk_and_process_agree(case)

    # The case page's history shows who, by full name, and each field's before and after.
    page = Client()
    page.force_login(cast.host)
    html = page.get(f"/cases/{case.pk}/").content.decode()
    assert "Lê Thị Bình" in html and "điều chỉnh nhiệm vụ theo đề nghị được chấp thuận" in html
    assert f"{old_title} → Ứng dụng ISO 9001:2015 tại 5 doanh nghiệp" in html
    assert annex.register_number in html
    assert f"<strong>{cast.approver.username}</strong>" not in html  # never by login


def test_under_final_product_name_and_products_are_refused_by_the_rule_row(cast, running):
    with pytest.raises(ValidationError) as refused:
        request_change(case=running, user=cast.host, kind=ChangeKind.NAME_OBJECTIVES_PRODUCTS,
                       reason="Đổi tên", proposed={"title": "Tên khác"})
    message = refused.value.message_dict["kind"][0]
    assert "khoán chi đến sản phẩm cuối cùng" in message and "TT 04/2015" in message
    # The rule is a dated row: the province may decide otherwise, and the answer follows.
    AmendmentRule.objects.filter(rule_set=running.rule_set, lump_sum_mode="final_product",
                                 kind=ChangeKind.NAME_OBJECTIVES_PRODUCTS).update(
        decided_by="authority")
    assert request_change(case=running, user=cast.host, kind=ChangeKind.NAME_OBJECTIVES_PRODUCTS,
                          reason="Đổi tên", proposed={"title": "Tên khác"})


def test_under_final_product_the_host_adjusts_the_content_itself(cast, running):
    """TT 04/2015 (REGULATIONS.md B4): under a lump sum to the final product the host changes
    the content itself and reports it; no decision deadline, no annex from the department."""
    change = request_change(case=running, user=cast.host, kind=ChangeKind.CONTENT,
                            reason="Đổi phương pháp khảo sát",
                            proposed={"summary": "Khảo sát trực tuyến thay phỏng vấn"})
    assert (change.status, change.decided_by) == (ChangeStatus.APPROVED, cast.host)
    running.refresh_from_db()
    assert running.summary == "Khảo sát trực tuyến thay phỏng vấn"
    assert change.amendment_document is None
    assert not Deadline.objects.filter(case=running, code=f"change-{change.pk}-decision").exists()
    [row] = amend_rows(running)
    assert row.actor == cast.host and row.payload["changes"][0]["field"] == "summary"
    # Under a partial lump sum the same change goes to the authority (another rule row).
    case = _set(running, lump_sum_mode="partial")
    change = request_change(case=case, user=cast.host, kind=ChangeKind.CONTENT, reason="Lần 2",
                            proposed={"summary": "Khảo sát kết hợp"})
    assert change.status == ChangeStatus.SUBMITTED


def test_the_decision_deadline_runs_from_the_request_date(cast, running):
    change = request_change(case=running, user=cast.host, kind=ChangeKind.PERSONNEL,
                            reason="Thay thành viên")
    deadline = Deadline.objects.get(case=running, code=f"change-{change.pk}-decision")
    asked = timezone.localdate(change.requested_at)
    # TT 04/2015: the authority decides within 30 days of the request (calendar days, to the
    # next working day when the last is a day off).
    assert (deadline.amount, deadline.unit) == (30, DueUnit.CALENDAR_DAYS)
    assert deadline.due_on == due_date(asked, 30, DueUnit.CALENDAR_DAYS)
    assert asked + datetime.timedelta(days=30) <= deadline.due_on <= asked + datetime.timedelta(
        days=34)
    decide_change(change=change, user=cast.approver, approve=True, decision_number="3/QĐ")
    assert Deadline.objects.get(pk=deadline.pk).status == "satisfied"
    # A change without fields on the case (personnel) is still issued as an annex.
    change.refresh_from_db()
    assert change.applied == [] and change.amendment_document.kind == "amendment"


def test_shortening_only_once_two_thirds_of_the_content_is_done(cast, running):
    old_end = running.end_date
    new_end = old_end - relativedelta(months=3)
    with pytest.raises(ValidationError) as refused:
        request_change(case=running, user=cast.host, kind=ChangeKind.SHORTENING, reason="Xong sớm",
                       proposed={"end_date": new_end}, content_done_percent=66)
    message = refused.value.message_dict["content_done_percent"][0]
    assert "2/3" in message and "TT 09/2014" in message and "66%" in message
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        request_change(case=running, user=cast.host, kind=ChangeKind.SHORTENING, reason="Early",
                       proposed={"end_date": new_end}, content_done_percent=66)
    assert refused.value.message_dict["content_done_percent"][0].startswith(
        "The duration may be shortened only once at least 2/3")
    with pytest.raises(ValidationError) as refused:
        request_change(case=running, user=cast.host, kind=ChangeKind.SHORTENING, reason="x",
                       proposed={"end_date": old_end}, content_done_percent=90)
    assert set(refused.value.message_dict) == {"end_date"}

    change = request_change(case=running, user=cast.host, kind=ChangeKind.SHORTENING,
                            reason="Đã hoàn thành 67% nội dung", proposed={"end_date": new_end},
                            content_done_percent=67)
    change = decide_change(change=change, user=cast.approver, approve=True,
                           decision_number="9/QĐ-SKHCN")
    running.refresh_from_db()
    assert running.end_date == new_end
    assert change.applied == [{"field": "end_date", "before": old_end.isoformat(),
                               "after": new_end.isoformat()}]
    assert (f"Ngày kết thúc: {old_end:%d/%m/%Y} → {new_end:%d/%m/%Y}"
            in change.amendment_document.text)
    # The share is data: at 1/2 a half done is enough.
    AmendmentRule.objects.filter(rule_set=running.rule_set, kind=ChangeKind.SHORTENING).update(
        min_done_numerator=1, min_done_denominator=2)
    assert request_change(case=running, user=cast.host, kind=ChangeKind.SHORTENING,
                          reason="x", proposed={"end_date": new_end - relativedelta(months=1)},
                          content_done_percent=50)


def test_an_extension_and_a_shortening_cannot_wait_at_the_same_time(cast, running):
    """Both move the end date: deciding one against an end the other changes is refused,
    on whichever door the second request comes through, until the first is decided."""
    shorter = running.end_date - relativedelta(months=3)
    shortening = request_change(case=running, user=cast.host, kind=ChangeKind.SHORTENING,
                                reason="Xong sớm", proposed={"end_date": shorter},
                                content_done_percent=80)
    with pytest.raises(ValidationError) as refused:
        request_change(case=running, user=cast.host, kind=ChangeKind.EXTENSION,
                       reason="Chậm thiết bị", extension_months=3)
    assert "Rút ngắn thời gian thực hiện" in refused.value.message_dict["kind"][0]
    with pytest.raises(ValidationError):
        request_change(case=running, user=cast.host, kind=ChangeKind.SHORTENING, reason="x",
                       proposed={"end_date": shorter}, content_done_percent=80)
    api = APIClient()
    api.force_authenticate(cast.host)
    by_api = api.post(f"/api/changes/cases/{running.pk}/requests/", {
        "kind": "extension", "reason": "Chậm thiết bị", "extension_months": 3}, format="json")
    assert by_api.status_code == 400, by_api.json()
    assert "kind" in by_api.json()["errors"], by_api.json()
    decide_change(change=shortening, user=cast.approver, approve=False, note="Chưa đủ căn cứ")
    assert request_change(case=running, user=cast.host, kind=ChangeKind.EXTENSION,
                          reason="Chậm thiết bị", extension_months=3)


def test_a_new_task_leader_from_the_host_organisation(cast, running):
    stranger = named(make_enterprise_user(), "Trần Văn Lạ")
    colleague = named(make_enterprise_user(organisation=running.host), "Phạm Thị Dung")
    with pytest.raises(ValidationError) as refused:
        request_change(case=running, user=cast.host, kind=ChangeKind.LEADER, reason="Nghỉ hưu",
                       proposed={"leader": stranger})
    assert "thuộc tổ chức chủ trì" in refused.value.message_dict["leader"][0]
    with pytest.raises(ValidationError) as refused:
        request_change(case=running, user=cast.host, kind=ChangeKind.LEADER, reason="Nghỉ hưu")
    assert set(refused.value.message_dict) == {"leader"}
    change = request_change(case=running, user=cast.host, kind=ChangeKind.LEADER,
                            reason="Nghỉ hưu", proposed={"leader": colleague})
    change = decide_change(change=change, user=cast.approver, approve=True,
                           decision_number="30/QĐ-SKHCN")
    running.refresh_from_db()
    assert running.leader == colleague
    assert change.applied == [{"field": "leader", "before": "Nguyễn Văn An",
                               "after": "Phạm Thị Dung"}]
    assert "ĐẠI DIỆN BÊN B: Phạm Thị Dung" in change.amendment_document.text


def test_a_refused_change_changes_nothing(cast, running):
    case = _set(running, lump_sum_mode="partial")
    change = request_change(case=case, user=cast.host, kind=ChangeKind.CONTENT, reason="x",
                            proposed={"summary": "Nội dung mới"})
    decide_change(change=change, user=cast.approver, approve=False, note="Không phù hợp")
    case.refresh_from_db()
    assert case.summary == "" and amend_rows(case) == []


def test_forbidden_doors_and_one_validation_path_through_the_api(cast, running):
    case = _set(running, lump_sum_mode="partial")
    url = f"/api/changes/cases/{case.pk}/requests/"
    host, other, officer, approver = (APIClient() for _n in range(4))
    host.force_authenticate(cast.host)
    other.force_authenticate(cast.other_host)
    officer.force_authenticate(cast.officer)
    approver.force_authenticate(cast.approver)
    body = {"kind": "content", "reason": "Đổi phương pháp", "summary": "Phương pháp mới"}
    assert other.post(url, body, format="json").status_code == 404  # another enterprise's case
    assert other.get(url).status_code == 404
    assert officer.post(url, body, format="json").status_code == 403
    # Bad input: the service's field errors, in Vietnamese and in English.
    bad = host.post(url, {**body, "summary": ""}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"]["summary"] == [
        "Cần nêu nội dung mới sau điều chỉnh."]
    bad = host.post(url, {**body, "summary": ""}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.json()["errors"]["summary"] == ["State the new content after the amendment."]
    made = host.post(url, body, format="json")
    assert made.status_code == 201 and made.json()["status"] == "submitted"
    decision = f"{url}{made.json()['id']}/decision/"
    for intruder, code in ((other, 404), (officer, 403), (host, 403)):
        assert intruder.post(decision, {"approve": True, "decision_number": "1"},
                             format="json").status_code == code
    refused = approver.post(decision, {"approve": True}, format="json")
    assert refused.status_code == 400 and "decision_number" in refused.json()["errors"]
    done = approver.post(decision, {"approve": True, "decision_number": "44/QĐ-SKHCN"},
                         format="json")
    assert done.status_code == 200
    assert done.json()["applied"][0]["after"] == "Phương pháp mới"
    assert done.json()["decided_by"] == "Lê Thị Bình"
    case.refresh_from_db()
    assert case.summary == "Phương pháp mới"


def test_the_api_list_costs_the_same_for_one_request_or_five(cast, running):
    case = _set(running, lump_sum_mode="partial")
    client = APIClient()
    client.force_authenticate(cast.host)
    url = f"/api/changes/cases/{case.pk}/requests/"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    request_change(case=case, user=cast.host, kind=ChangeKind.PERSONNEL, reason="1")
    count()  # the first request of a client also loads what it caches
    one = count()
    for n in range(4):
        change = request_change(case=case, user=cast.host, kind=ChangeKind.CONTENT,
                                reason=str(n), proposed={"summary": f"Nội dung {n}"})
        decide_change(change=change, user=cast.approver, approve=True, decision_number=f"{n}/QĐ")
    assert count() == one <= CHANGES_API_QUERIES, one


def test_the_page_form_goes_through_the_same_service(cast, running):
    colleague = named(make_enterprise_user(organisation=running.host), "Phạm Thị Dung")
    page = Client()
    page.force_login(cast.host)
    url = f"/cases/{running.pk}/changes/"
    response = page.post(url, {"kind": "leader", "reason": "Nghỉ hưu"})
    assert response.status_code == 400
    assert "Cần chọn chủ nhiệm nhiệm vụ mới." in response.content.decode()
    response = page.post(url, {"kind": "leader", "reason": "Nghỉ hưu", "leader": colleague.pk})
    assert response.status_code == 302
    change = ChangeRequest.objects.get(case=running, kind="leader")
    assert change.proposed == {"leader": colleague.pk}
    html = page.get(f"/cases/{running.pk}/").content.decode()
    assert "Phạm Thị Dung" in html  # the pending change and the form's choice, by full name
    outsider = Client()
    outsider.force_login(cast.other_host)
    assert outsider.post(url, {"kind": "leader", "reason": "x"}).status_code == 404
    judge = Client()
    judge.force_login(cast.officer)
    assert judge.post(f"{url}{change.pk}/approve/",
                      {f"ap{change.pk}-decision_number": "1"}).status_code == 403


def test_the_admin_decides_through_the_same_service(cast, running):
    """The admin shows a request read-only; its actions call ``decide_change``, with its door
    (an administrator who is not an approver is refused) and its checks."""
    case = _set(running, lump_sum_mode="partial")
    change = request_change(case=case, user=cast.host, kind=ChangeKind.CONTENT, reason="x",
                            proposed={"summary": "Nội dung theo quyết định"})
    url = reverse("admin:changes_changerequest_changelist")
    root = superuser()
    post = {"action": "approve_changes", "_selected_action": [change.pk],
            "decision_number": "55/QĐ-SKHCN"}
    response = logged_in(root).post(url, post, follow=True)
    assert "Chỉ lãnh đạo Sở mới phê duyệt được." in response.content.decode()
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.SUBMITTED
    root.groups.add(Group.objects.get_or_create(name=Role.APPROVER)[0])
    response = logged_in(root).post(url, {**post, "decision_number": ""}, follow=True)
    assert "Cần số văn bản chấp thuận." in response.content.decode()
    logged_in(root).post(url, post, follow=True)
    change = ChangeRequest.objects.get(pk=change.pk)
    assert change.status == ChangeStatus.APPROVED and change.decision_number == "55/QĐ-SKHCN"
    case.refresh_from_db()
    assert case.summary == "Nội dung theo quyết định" and len(amend_rows(case)) == 1


def test_the_new_end_date_is_picked_with_the_browsers_date_picker(running):
    """A bare text box left the format to guess; the picker posts an ISO date, read alike in
    both languages."""
    form = ChangeRequestForm(case=running)
    assert 'type="date"' in str(form["end_date"])
    posted = ChangeRequestForm({"kind": "shortening", "reason": "x", "content_done_percent": 80,
                                "end_date": "2027-03-31"}, case=running)
    assert posted.is_valid(), posted.errors
    assert posted.cleaned_data["end_date"] == datetime.date(2027, 3, 31)
