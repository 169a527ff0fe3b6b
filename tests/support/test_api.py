"""/api/support/: the host lists items and enters evidence; others get 403 or 404."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from rest_framework.test import APIClient

from tasks_kh_cn.support.models import SupportItemRequest
from tests.factories import pdf

from .helpers import add, drive, enterprise, item, support_case

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_host_adds_an_item_and_sees_the_computation(cast):
    case = support_case(cast.host, cast)
    response = client_for(cast.host).post(
        f"/api/support/cases/{case.pk}/items/",
        {"item": item("iso-22000").pk, "cost_estimate": 260_000_000,
         "quotation_file": pdf("bao-gia.pdf")}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    [row] = body["items"]
    assert row["supportable_amount"] == 100_000_000 and row["capped_by_ceiling"] is True
    assert body["total_supportable"] == 100_000_000 and body["ok"] is True
    assert body["policy"]["is_default_assumption"] is True


def test_over_the_ceiling_answers_400_with_the_field_reason(cast):
    case = support_case(cast.host, cast)
    response = client_for(cast.host).post(
        f"/api/support/cases/{case.pk}/items/",
        {"item": item("haccp").pk, "cost_estimate": 100_000_000, "requested_amount": 60_000_000})
    assert response.status_code == 400
    assert "vượt mức tối đa được hỗ trợ 50.000.000 VNĐ" in response.json()["errors"]["requested_amount"][0]
    bad = client_for(cast.host).post(f"/api/support/cases/{case.pk}/items/",
                                     {"item": item("haccp").pk, "cost_estimate": "nhiều"})
    assert bad.status_code == 400 and "cost_estimate" in bad.json()["errors"]


def test_other_enterprise_gets_404_and_officer_403(cast):
    case = support_case(cast.host, cast)
    add(case, cast.host, "5s", 40_000_000)
    other = client_for(cast.other_host)
    assert other.get(f"/api/support/cases/{case.pk}/request/").status_code == 404
    assert other.post(f"/api/support/cases/{case.pk}/items/",
                      {"item": item("kpi").pk, "cost_estimate": 10}).status_code == 404
    officer = client_for(cast.officer)
    assert officer.get(f"/api/support/cases/{case.pk}/request/").status_code == 200
    response = officer.post(f"/api/support/cases/{case.pk}/items/",
                            {"item": item("kpi").pk, "cost_estimate": 10_000_000})
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ tổ chức chủ trì mới thực hiện được thao tác này."


def test_evidence_at_acceptance_and_the_maintained_check(cast):
    case = support_case(cast.host, cast)
    row = add(case, cast.host, "iso-9001", 120_000_000)
    case = drive(case, cast, cast.host, until="finish_implementation")
    evidence_url = f"/api/support/cases/{case.pk}/items/{row.pk}/evidence/"
    today = timezone.localdate()

    assert client_for(cast.other_host).post(evidence_url, {}).status_code == 404
    assert client_for(cast.officer).post(evidence_url, {}).status_code == 403
    host = client_for(cast.host)
    missing = host.post(evidence_url, {"audit_report_file": pdf()}, format="multipart")
    assert missing.status_code == 400
    assert missing.json()["errors"]["certificate_number"] == ["Cần nhập số giấy chứng nhận."]
    response = host.post(evidence_url, {
        "certificate_number": "QMS-1234", "certification_body": "QUACERT",
        "valid_from": (today - relativedelta(months=1)).isoformat(),
        "valid_until": (today + relativedelta(years=3)).isoformat(),
        "audit_report_file": pdf("bao-cao-danh-gia.pdf")}, format="multipart")
    assert response.status_code == 201, response.content
    # The "maintained" check is due 12 months later (policy data), exposed for deadlines.
    due = today + relativedelta(months=12)
    assert response.json()["maintenance_due_on"] == due.isoformat()
    officer = client_for(cast.officer)
    listed = officer.get("/api/support/maintenance-due/", {"on": due.isoformat()}).json()
    assert [r["case_code"] for r in listed["results"]] == [case.code]
    assert officer.get("/api/support/maintenance-due/").json()["count"] == 0
    assert client_for(cast.other_host).get(
        "/api/support/maintenance-due/", {"on": due.isoformat()}).json()["count"] == 0

    check_url = f"/api/support/cases/{case.pk}/items/{row.pk}/maintenance-check/"
    response = host.post(check_url, {"valid_until": (today - relativedelta(days=1)).isoformat()})
    assert response.status_code == 200 and response.json()["maintained"] is False
    response = host.post(check_url, {"valid_until": (today + relativedelta(years=1)).isoformat(),
                                     "certificate_number": "QMS-1234-R1"})
    assert response.json()["maintained"] is True
    assert SupportItemRequest.objects.get(pk=row.pk).evidence.certificate_number == "QMS-1234-R1"


def test_priority_list_sorts_by_score_with_a_fixed_query_count(cast, django_assert_max_num_queries):
    plain = enterprise("large")
    ocop_key = enterprise("micro", is_ocop_producer=True, makes_key_product=True)
    sme = enterprise("medium")
    cases = {name: support_case(user, cast)
             for name, user in (("plain", plain), ("ocop_key", ocop_key), ("sme", sme))}
    add(cases["ocop_key"], ocop_key, "vietgap", 30_000_000)
    officer = client_for(cast.officer)
    officer.get("/api/support/cases/")
    with django_assert_max_num_queries(4):
        body = officer.get("/api/support/cases/").json()
    scores = [(r["code"], r["priority_score"]) for r in body["results"]]
    assert scores == [(cases["ocop_key"].code, 3), (cases["sme"].code, 1),
                      (cases["plain"].code, 0)]
    for _ in range(5):
        support_case(enterprise("small"), cast)
    with django_assert_max_num_queries(4):
        assert officer.get("/api/support/cases/").json()["count"] == 8
    # An enterprise sees only its own cases in the list.
    mine = client_for(ocop_key).get("/api/support/cases/").json()
    assert [r["code"] for r in mine["results"]] == [cases["ocop_key"].code]


def test_catalogue_and_policies(cast, django_assert_max_num_queries):
    client = client_for(cast.host)
    with django_assert_max_num_queries(4):
        items = client.get("/api/support/items/").json()
    groups = {r["code"]: r["group"] for r in items["results"]}
    assert groups["iso-9001"] == "a" and groups["vietgap"] == "b"
    assert groups["digital-management"] == "c" and groups["ohs-certification"] == "d"
    assert items["count"] == 21
    with django_assert_max_num_queries(4):
        policies = client.get("/api/support/policies/").json()["results"]
    [default] = policies
    assert default["is_default_assumption"] is True
    assert {lv["size_class"]: (lv["share_percent"], lv["ceiling"]) for lv in default["levels"]} == {
        "micro": ("100.00", 50_000_000), "small": ("50.00", 100_000_000),
        "medium": ("30.00", 150_000_000), "large": ("0.00", 0)}


def test_request_detail_query_count_does_not_grow_with_items(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = support_case(cast.host, cast)
    add(case, cast.host, "5s", 40_000_000)
    client = client_for(cast.host)
    client.get(f"/api/support/cases/{case.pk}/request/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/api/support/cases/{case.pk}/request/")
    for code in ("kaizen", "lean", "tpm", "kpi"):
        add(case, cast.host, code, 40_000_000)
    with CaptureQueriesContext(connection) as five:
        body = client.get(f"/api/support/cases/{case.pk}/request/").json()
    assert len(body["items"]) == 5
    assert len(five) == len(one) <= 10


def test_items_are_removed_only_by_the_host_and_only_before_submission(cast):
    case = support_case(cast.host, cast)
    kept = add(case, cast.host, "5s", 40_000_000)
    gone = add(case, cast.host, "kpi", 20_000_000)
    assert client_for(cast.other_host).delete(
        f"/api/support/cases/{case.pk}/items/{gone.pk}/").status_code == 404
    assert client_for(cast.officer).delete(
        f"/api/support/cases/{case.pk}/items/{gone.pk}/").status_code == 403
    host = client_for(cast.host)
    assert host.delete(f"/api/support/cases/{case.pk}/items/{gone.pk}/").status_code == 204
    case = drive(case, cast, cast.host, until="open_dossier")
    assert case.status == "dossier_submitted"
    response = host.delete(f"/api/support/cases/{case.pk}/items/{kept.pk}/")
    assert response.status_code == 400
    assert response.json()["errors"]["case"] == [
        "Không thể sửa đề nghị hỗ trợ khi nhiệm vụ ở trạng thái “Đã nộp hồ sơ”."]
    response = host.post(f"/api/support/cases/{case.pk}/items/",
                         {"item": item("lean").pk, "cost_estimate": 10_000_000})
    assert response.status_code == 400
