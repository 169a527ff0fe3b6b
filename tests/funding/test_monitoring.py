"""Monitoring (TT 09/2014 art. 9): a periodic report per period, draft → submitted →
returned with a reason → accepted, which closes the period's deadline; two missed reports
stop the funding; implementation ends only with the reports due accepted and no change
pending; suspension stops advances until resumption."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import Deadline
from tasks_kh_cn.changes.services import request_change
from tasks_kh_cn.funding import services
from tasks_kh_cn.funding.monitoring import review_report, save_report, submit_report
from tests.factories import TODAY, pdf
from workflows.services import TransitionConflict, desk_and_process_agree, perform_transition

from .helpers import case_in_progress

pytestmark = pytest.mark.django_db


def make_due(case, *sequences, days_ago=1):
    """Periods whose deadline has passed (the contract started long ago)."""
    Deadline.objects.filter(case=case, code="periodic_report", sequence__in=sequences).update(
        due_on=TODAY() - datetime.timedelta(days=days_ago))


def test_report_draft_submit_return_accept_closes_the_deadline_and_lets_implementation_end(cast):
    case = case_in_progress(cast)
    make_due(case, 1)
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=case, name="finish_implementation", user=cast.host, data={})
    assert "kỳ 1" in exc.value.message

    with pytest.raises(ValidationError) as bad:
        save_report(case=case, user=cast.host, sequence=1, progress=" ", spending=-1)
    assert set(bad.value.message_dict) == {"progress", "spending"}
    with pytest.raises(ValidationError):
        save_report(case=case, user=cast.host, sequence=99, progress="x")
    report = save_report(case=case, user=cast.host, sequence=1, progress="Nội dung 1: 60%",
                         spending=150_000_000, problems="Chậm vật tư", attachment=pdf())
    assert report.status == "draft" and report.attachment is not None
    report = submit_report(report=report, user=cast.host)
    with pytest.raises(PermissionDenied):
        review_report(report=report, user=cast.other_officer, accept=True)
    with pytest.raises(ValidationError):
        review_report(report=report, user=cast.officer, accept=False, reason="")
    report = review_report(report=report, user=cast.officer, accept=False,
                           reason="Thiếu số liệu sản phẩm 2")
    assert report.status == "returned" and report.return_reason == "Thiếu số liệu sản phẩm 2"
    report = save_report(case=case, user=cast.host, sequence=1,
                         progress="Nội dung 1: 60%; sản phẩm 2: 40%", spending=150_000_000)
    report = review_report(report=submit_report(report=report, user=cast.host),
                           user=cast.officer, accept=True)
    assert Deadline.objects.get(pk=report.deadline_id).status == "satisfied"

    # A pending change request also holds the end of implementation.
    change = request_change(case=case, user=cast.host, kind="personnel", reason="Thay thành viên",
                            extension_months=None)
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=case, name="finish_implementation", user=cast.host, data={})
    assert "đề nghị gia hạn, điều chỉnh" in exc.value.message
    from tasks_kh_cn.changes.services import withdraw_change

    withdraw_change(change=change, user=cast.host)
    case = perform_transition(case=case, name="finish_implementation", user=cast.host, data={})
    assert case.status == "acceptance_preparing" and desk_and_process_agree(case)


def test_two_missed_reports_stop_funding_one_does_not(cast):
    case = case_in_progress(cast)
    make_due(case, 1)
    tranche = services.request_tranche(case=case, user=cast.host, amount=100_000_000)
    services.refuse_tranche(tranche=tranche, user=cast.finance, reason="Thử")
    make_due(case, 1, 2)
    with pytest.raises(ValidationError) as exc:
        services.request_tranche(case=case, user=cast.host, amount=100_000_000)
    assert exc.value.message_dict["__all__"] == [
        "Thiếu 2 báo cáo định kỳ: dừng cấp kinh phí (TT 09/2014/TT-BKHCN Điều 9)."]


def test_suspension_stops_advances_until_resumption(cast):
    case = case_in_progress(cast)
    case = perform_transition(case=case, name="suspend", user=cast.approver,
                              data={"comment": "Chờ kiểm tra"})
    with pytest.raises(ValidationError) as exc:
        services.request_tranche(case=case, user=cast.host, amount=100_000_000)
    assert "__all__" in exc.value.message_dict
    case = perform_transition(case=case, name="resume", user=cast.approver, data={})
    services.request_tranche(case=case, user=cast.host, amount=100_000_000)
    assert desk_and_process_agree(case)


def test_reports_through_the_api_with_its_doors_and_a_pinned_query_count(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    def api(user):
        client = APIClient()
        client.force_authenticate(type(user).objects.get(pk=user.pk))
        return client

    case = case_in_progress(cast)
    make_due(case, 1)
    url = f"/api/funding/cases/{case.pk}/reports/"
    body = {"sequence": 1, "progress": "Nội dung 1: xong", "spending": 10_000_000,
            "submit": True}
    assert api(cast.other_host).post(url, body, format="json").status_code == 404
    assert api(cast.officer).post(url, body, format="json").status_code == 403
    assert api(cast.host).post(url, {**body, "spending": -1}, format="json").status_code == 400
    response = api(cast.host).post(url, body, format="json")
    assert response.status_code == 201
    row = response.json()[0]
    assert row["report"]["status"] == "submitted"
    review = f"{url}{row['report']['id']}/review/"
    assert api(cast.other_officer).post(review, {"accept": True},
                                        format="json").status_code == 403
    assert api(cast.officer).post(review, {"accept": True}, format="json").status_code == 200

    def count():
        client = api(cast.officer)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in (2, 3):
        save_report(case=case, user=cast.host, sequence=n, progress=f"Kỳ {n}")
    assert count() == before <= 6, before
