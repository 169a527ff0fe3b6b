"""Extensions and amendments during implementation, by the rules of TT 09/2014 and TT 04/2015."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tasks_kh_cn.changes.models import ChangeKind, ChangeRule, ChangeStatus
from tasks_kh_cn.changes.services import (
    case_end_date_changed,
    check_request,
    decide_change,
    extension_cutoff,
    request_change,
    withdraw_change,
)
from tasks_kh_cn.models import TaskCase
from tasks_kh_cn.rules import deadline_rule
from tests.factories import make_case, walk
from workflows.deadlines import due_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(cast):
    """A research case in implementation: 18 months from today."""
    return walk(make_case(cast.host), cast, until="finish_implementation")


def _set(case, **fields):
    TaskCase.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


def test_host_asks_and_approver_extends_the_end_date(cast, running):
    seen = []
    case_end_date_changed.connect(lambda **kw: seen.append(kw), weak=False, dispatch_uid="t")
    try:
        change = request_change(case=running, user=cast.host, kind=ChangeKind.EXTENSION,
                                reason="Thời tiết bất lợi, chậm vụ thu hoạch", extension_months=6)
        assert change.status == ChangeStatus.SUBMITTED
        change = decide_change(change=change, user=cast.approver, approve=True,
                               decision_number="15/QĐ-SKHCN")
    finally:
        case_end_date_changed.disconnect(dispatch_uid="t")
    running.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert running.end_date == change.old_end_date + relativedelta(months=6)
    assert seen[0]["new_end_date"] == running.end_date


def test_a_task_is_extended_once_only(cast, running):
    first = request_change(case=running, user=cast.host, kind=ChangeKind.EXTENSION, reason="Lý do",
                           extension_months=3)
    decide_change(change=first, user=cast.approver, approve=True, decision_number="1/QĐ")
    with pytest.raises(ValidationError) as refused:
        request_change(case=running, user=cast.host, kind=ChangeKind.EXTENSION, reason="Lần 2",
                       extension_months=3)
    assert "chỉ được gia hạn 1 lần" in refused.value.message_dict["kind"][0]


@pytest.mark.parametrize("duration,inclusive,limit", [
    (18, False, 6), (24, False, 6), (25, False, 12), (24, True, 12), (36, False, 12),
])
def test_extension_length_depends_on_duration(cast, running, duration, inclusive, limit):
    ChangeRule.objects.filter(rule_set=running.rule_set).update(
        long_task_threshold_inclusive=inclusive)
    running = _set(running, duration_months=duration)
    with pytest.raises(ValidationError) as refused:
        request_change(case=running, user=cast.host, kind=ChangeKind.EXTENSION, reason="x",
                       extension_months=limit + 1)
    assert f"tối đa {limit} tháng" in refused.value.message_dict["extension_months"][0]
    assert request_change(case=running, user=cast.host, kind=ChangeKind.EXTENSION, reason="x",
                          extension_months=limit).extension_months == limit


def test_extension_must_be_asked_a_month_before_the_end(cast, running):
    """One source (the deadline rule ``extension_request_cutoff``, TT 09/2014: at least one
    month before the end) for both the reminder and the refusal."""
    today = timezone.localdate()
    running = _set(running, end_date=today + relativedelta(months=1))
    assert request_change(case=running, user=cast.host, kind=ChangeKind.EXTENSION, reason="x",
                          extension_months=2)  # exactly one month ahead: still in time
    ChangeRequest = type(running.change_requests.first())
    ChangeRequest.objects.all().delete()
    running = _set(running, end_date=today + relativedelta(months=1) - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        request_change(case=running, user=cast.host, kind=ChangeKind.EXTENSION, reason="x",
                       extension_months=2)
    message = refused.value.message_dict["kind"][0]
    assert "TT 09/2014" in message
    assert (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y") in message


def test_the_two_extension_dates_of_the_issue_get_one_answer(cast, running):
    """Issue 11: asked on 2027-01-31 for a contract ending 2027-03-01. "30 days" said no,
    "one month" yes; the one rule says yes, and the reminder has the same cut-off."""
    running = _set(running, end_date=datetime.date(2027, 3, 1))
    assert check_request(running, ChangeKind.EXTENSION, 2, today=datetime.date(2027, 1, 31)) == {}
    assert extension_cutoff(running)[0] == datetime.date(2027, 2, 1)
    late = check_request(running, ChangeKind.EXTENSION, 2, today=datetime.date(2027, 2, 2))
    assert "01/02/2027" in late["kind"][0]
    # The reminder of the same rule ends on the same day (it never moves past a day off).
    rule = deadline_rule(running, "extension_request_cutoff")
    assert due_date(running.end_date, rule.amount, rule.unit,
                    roll=rule.roll_to_working_day) == datetime.date(2027, 2, 1)


def test_lump_sum_to_final_product_forbids_changing_name_and_products(cast, running):
    assert running.lump_sum_mode == "final_product"
    with pytest.raises(ValidationError) as refused:
        request_change(case=running, user=cast.host, kind=ChangeKind.NAME_OBJECTIVES_PRODUCTS,
                       reason="Đổi sản phẩm")
    assert "khoán chi đến sản phẩm cuối cùng" in refused.value.message_dict["kind"][0]
    running = _set(running, lump_sum_mode="partial")
    assert request_change(case=running, user=cast.host, kind=ChangeKind.NAME_OBJECTIVES_PRODUCTS,
                          reason="Đổi sản phẩm", proposed={"summary": "Sản phẩm mới"})


def test_only_while_the_task_runs(cast):
    case = walk(make_case(cast.host), cast, until="countersign_contract")
    with pytest.raises(ValidationError) as refused:
        request_change(case=case, user=cast.host, kind=ChangeKind.CONTENT, reason="x")
    assert "đang thực hiện" in refused.value.message_dict["__all__"][0]


def test_forbidden_doors(cast, running):
    with pytest.raises(PermissionDenied, match="không thuộc tổ chức chủ trì"):
        request_change(case=running, user=cast.other_host, kind=ChangeKind.PERSONNEL, reason="x")
    change = request_change(case=running, user=cast.host, kind=ChangeKind.PERSONNEL, reason="x")
    for intruder in (cast.officer, cast.host, cast.finance):
        with pytest.raises(PermissionDenied):
            decide_change(change=change, user=intruder, approve=True, decision_number="1")
    with pytest.raises(PermissionDenied):
        withdraw_change(change=change, user=cast.other_host)
    with pytest.raises(ValidationError) as refused:
        decide_change(change=change, user=cast.approver, approve=False)
    assert "decision_note" in refused.value.message_dict
    change = withdraw_change(change=change, user=cast.host)
    assert change.status == ChangeStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        decide_change(change=change, user=cast.approver, approve=True, decision_number="1")
