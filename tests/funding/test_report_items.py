"""Issue 12 point 3: a periodic report gives progress per content item and product. The host
(or the case's officer) lists the case's work items on the reports page or through the API;
the report form has a percentage and a note per item, saved with the draft and submitted
with it; the officer reviews the per-item table. 101% is the service's field error on the
page and the API alike, in Vietnamese and English; the wrong people are refused; the page's
queries do not grow with the number of items."""

import pytest
from django.test import Client
from guardian.shortcuts import assign_perm
from rest_framework.test import APIClient

from tasks_kh_cn.funding.monitoring import add_work_item, save_report
from tasks_kh_cn.funding.monitoring_models import (
    PeriodicReport,
    ReportItem,
    ReportStatus,
    WorkItem,
)
from workflows.permissions import VIEW_PERM

from .helpers import case_in_progress
from .test_report_pages import REPORT_PAGE_QUERIES, _queries

pytestmark = pytest.mark.django_db


def page(user, lang="vi"):
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(user)
    return client


def api(user, lang="vi"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_authenticate(user)
    return client


def url(case, tail=""):
    return f"/cases/{case.pk}/funding/reports/{tail}"


def api_url(case, tail):
    return f"/api/funding/cases/{case.pk}/{tail}"


def two_items(case, cast):
    return [add_work_item(case=case, user=cast.host, kind="content",
                          title="Khảo sát giống lúa", expected="Báo cáo khảo sát"),
            add_work_item(case=case, user=cast.officer, kind="product",
                          title="Quy trình canh tác", expected="01 quy trình")]


def test_host_lists_items_fills_percentages_submits_and_the_officer_sees_them(cast):
    case = case_in_progress(cast)
    host = page(cast.host)
    assert "Chưa nhập nội dung, sản phẩm" in host.get(url(case)).content.decode()
    # Two items through the page's section (the host), at the end of the list in order.
    for kind, title in (("content", "Khảo sát giống lúa"), ("product", "Quy trình canh tác")):
        response = host.post(url(case, "work-items/"), {"kind": kind, "title": title,
                                                        "expected": "01"})
        assert response.status_code == 302
    first, second = WorkItem.objects.filter(case=case).order_by("position")
    assert (first.position, second.position) == (1, 2) and first.created_by == cast.host
    body = host.get(url(case)).content.decode()
    assert f'name="r1-item_{first.pk}_percent"' in body
    assert f'name="r1-item_{second.pk}_note"' in body

    # A draft with one percentage: saved, the other item left blank.
    response = host.post(url(case, "1/"), {
        "r1-progress": "Đúng tiến độ", "r1-spending": "1000000",
        f"r1-item_{first.pk}_percent": "40", f"r1-item_{first.pk}_note": "Xong 2/5 điểm",
        "save": "1"})
    assert response.status_code == 302
    report = PeriodicReport.objects.get(case=case, sequence=1)
    assert list(report.items.values_list("work_item", "percent", "note")) == [
        (first.pk, 40, "Xong 2/5 điểm")]
    # Submitting with an item still blank: a field error on that item, the draft kept.
    response = host.post(url(case, "1/"), {
        "r1-progress": "Đúng tiến độ", "r1-spending": "1000000",
        f"r1-item_{first.pk}_percent": "40", "submit": "1"})
    assert response.status_code == 400
    assert "Cần nêu tỷ lệ hoàn thành trước khi nộp." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    # Both filled: submitted with its rows (the first one's note cleared as typed).
    response = host.post(url(case, "1/"), {
        "r1-progress": "Đúng tiến độ", "r1-spending": "1000000",
        f"r1-item_{first.pk}_percent": "60", f"r1-item_{second.pk}_percent": "25",
        f"r1-item_{second.pk}_note": "Bản thảo", "submit": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert list(report.items.order_by("work_item__position").values_list(
        "work_item", "percent", "note")) == [(first.pk, 60, ""), (second.pk, 25, "Bản thảo")]

    # The officer's review shows the per-item table with the titles and percentages.
    body = page(cast.officer).get(url(case)).content.decode()
    assert f"/reports/{report.pk}/accept/" in body and 'class="report-items"' in body
    for text in ("Khảo sát giống lúa", "60%", "Quy trình canh tác", "25%", "Bản thảo"):
        assert text in body, text
    # And the API reads the same rows.
    rows = api(cast.officer).get(api_url(case, "reports/")).json()
    assert rows[0]["report"]["items"] == [
        {"work_item": first.pk, "percent": 60, "note": ""},
        {"work_item": second.pk, "percent": 25, "note": "Bản thảo"}]


@pytest.mark.parametrize("lang,message", [
    ("vi", "Tỷ lệ hoàn thành là số nguyên từ 0 đến 100."),
    ("en", "The completion rate is a whole number from 0 to 100."),
])
def test_101_percent_is_a_field_error_and_nothing_saved_is_lost(cast, lang, message):
    case = case_in_progress(cast)
    first, second = two_items(case, cast)
    save_report(case=case, user=cast.host, sequence=1, progress="Bản nháp đầu", spending=5,
                items=[{"work_item": first, "percent": 30, "note": "cũ"}])
    response = page(cast.host, lang).post(url(case, "1/"), {
        "r1-progress": "Bản sửa", "r1-spending": "7",
        f"r1-item_{first.pk}_percent": "101", f"r1-item_{second.pk}_percent": "50",
        "save": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    # What was typed is still in the form; the saved draft is untouched.
    assert 'value="101"' in body and "Bản sửa" in body
    report = PeriodicReport.objects.get(case=case, sequence=1)
    assert (report.progress, report.spending) == ("Bản nháp đầu", 5)
    assert list(report.items.values_list("work_item", "percent", "note")) == [
        (first.pk, 30, "cũ")]

    # The API goes through the same check and answers with the same words, on the same key.
    response = api(cast.host, lang).post(api_url(case, "reports/"), {
        "sequence": 1, "progress": "Bản sửa", "spending": 7,
        "items": [{"work_item": first.pk, "percent": 101}]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {f"item_{first.pk}_percent": [message]}
    response = api(cast.host, lang).post(api_url(case, "reports/"), {
        "sequence": 1, "progress": "Bản sửa", "spending": 7,
        "items": [{"work_item": first.pk, "percent": -1}]}, format="json")
    assert response.json()["errors"] == {f"item_{first.pk}_percent": [message]}
    report.refresh_from_db()
    assert (report.progress, report.spending) == ("Bản nháp đầu", 5)
    assert ReportItem.objects.get(report=report).percent == 30


def test_the_api_lists_items_and_saves_and_submits_a_report_with_them(cast):
    case = case_in_progress(cast)
    host = api(cast.host)
    response = host.post(api_url(case, "work-items/"), {"kind": "content", "title": "  "},
                         format="json")
    assert response.status_code == 400 and "title" in response.json()["errors"]
    response = host.post(api_url(case, "work-items/"),
                         {"kind": "product", "title": "Mô hình trình diễn", "expected": "02 ha"},
                         format="json")
    assert response.status_code == 201
    [item] = response.json()
    assert (item["kind"], item["title"], item["position"]) == ("product", "Mô hình trình diễn", 1)
    # An item of another case is refused.
    other_case = case_in_progress(cast)
    foreign = add_work_item(case=other_case, user=cast.host, kind="content", title="Khác")
    response = host.post(api_url(case, "reports/"), {
        "sequence": 1, "progress": "x", "spending": 0,
        "items": [{"work_item": foreign.pk, "percent": 10}]}, format="json")
    assert response.status_code == 400 and "items" in response.json()["errors"]
    response = host.post(api_url(case, "reports/"), {
        "sequence": 1, "progress": "Theo kế hoạch", "spending": 0, "submit": True,
        "items": [{"work_item": item["id"], "percent": 100, "note": "Xong"}]}, format="json")
    assert response.status_code == 201
    report = PeriodicReport.objects.get(case=case, sequence=1)
    assert report.status == ReportStatus.SUBMITTED
    assert list(report.items.values_list("percent", "note")) == [(100, "Xong")]


def test_forbidden_doors(cast):
    case = case_in_progress(cast)
    data = {"kind": "content", "title": "Nội dung lạ"}
    # Another enterprise: 404 on the page, the post and the API.
    other = page(cast.other_host)
    assert other.post(url(case, "work-items/"), data).status_code == 404
    assert api(cast.other_host).get(api_url(case, "work-items/")).status_code == 404
    assert api(cast.other_host).post(api_url(case, "work-items/"), data,
                                     format="json").status_code == 404
    # A reviewer who may see the case (e.g. on its council) is not one to list its items: 403.
    assign_perm(VIEW_PERM, cast.reviewer, case)
    assert page(cast.reviewer).post(url(case, "work-items/"), data).status_code == 403
    assert api(cast.reviewer).post(api_url(case, "work-items/"), data,
                                   format="json").status_code == 403
    # An officer not assigned to the case: 403.
    assert api(cast.other_officer).post(api_url(case, "work-items/"), data,
                                        format="json").status_code == 403
    assert not WorkItem.objects.exists()
    # The officer may list items but not write the host's report.
    assert page(cast.officer).post(url(case, "work-items/"), data).status_code == 302
    item = WorkItem.objects.get()
    response = page(cast.officer).post(url(case, "1/"), {
        "r1-progress": "x", "r1-spending": "0", f"r1-item_{item.pk}_percent": "10"})
    assert response.status_code == 403 and not PeriodicReport.objects.exists()


def test_the_page_costs_the_same_with_1_or_10_items(cast):
    case = case_in_progress(cast)

    def measure(n):
        while WorkItem.objects.filter(case=case).count() < n:
            add_work_item(case=case, user=cast.host, kind="content", title="Nội dung")
        items = WorkItem.objects.filter(case=case)
        save_report(case=case, user=cast.host, sequence=1, progress="Kỳ 1", spending=1,
                    items=[{"work_item": w, "percent": 50, "note": "n"} for w in items])
        host, officer = page(cast.host), page(cast.officer)
        return [len(_queries(host, url(case))), len(_queries(officer, url(case)))]

    one, ten = measure(1), measure(10)
    print("report page queries with items (host, officer):", one, ten)
    assert one == ten, (one, ten)
    assert max(ten) <= REPORT_PAGE_QUERIES + 1, ten  # + the report rows' prefetch
