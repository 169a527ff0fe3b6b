"""TTLT 27/2015 art. 13 at its boundaries: the first advance at most half the state budget; a
further one only once half of the earlier advances is accounted for; finance confirms within
20 working days (a deadline on finance's desk)."""

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Deadline
from notifications.workdays import add_working_days
from tasks_kh_cn.funding import services
from tasks_kh_cn.funding.models import FundingRule, Tranche
from tasks_kh_cn.funding.selectors import balance
from tests.factories import TODAY
from workflows.services import desk_and_process_agree

from .helpers import APPROVED, accounted, case_in_progress, paid

pytestmark = pytest.mark.django_db


def refused(case, user, amount):
    with pytest.raises(ValidationError) as exc:
        services.request_tranche(case=case, user=user, amount=amount)
    return exc.value.message_dict


def test_first_advance_exactly_the_share_and_one_dong_more(cast):
    case = case_in_progress(cast)
    errors = refused(case, cast.host, APPROVED // 2 + 1)
    assert errors["amount"] == ["Tạm ứng đợt đầu không vượt quá 50% kinh phí ngân sách được "
                                "phê duyệt, tức 400.000.000 VNĐ (TTLT 27/2015/TTLT-BKHCN-BTC "
                                "Điều 13)."]
    assert not Tranche.objects.filter(case=case).exists()
    tranche = services.request_tranche(case=case, user=cast.host, amount=APPROVED // 2)
    assert (tranche.number, tranche.status, tranche.amount) == (1, "requested", 400_000_000)
    assert desk_and_process_agree(case)


def test_the_share_is_read_from_the_rule_row(cast):
    case = case_in_progress(cast)
    FundingRule.objects.filter(rule_set=case.rule_set, code="first_advance_share").update(
        numerator=3, denominator=10)
    assert refused(case, cast.host, 240_000_001)["amount"][0].startswith(
        "Tạm ứng đợt đầu không vượt quá 30%")
    services.request_tranche(case=case, user=cast.host, amount=240_000_000)


def test_further_advance_exactly_the_accounted_share_and_one_dong_less(cast):
    case = case_in_progress(cast)
    first = paid(case, cast, 400_000_000)
    accounted(first, cast, 199_999_999)
    accounted(first, cast, 50_000_000, accept=False)  # rejected evidence counts for nothing
    errors = refused(case, cast.host, 100_000_000)
    assert errors["__all__"] == ["Chỉ tạm ứng tiếp khi đã thanh toán ít nhất 50% số đã tạm ứng, "
                                 "tức 200.000.000 VNĐ; tài chính mới xác nhận 199.999.999 VNĐ "
                                 "(TTLT 27/2015/TTLT-BKHCN-BTC Điều 13)."]
    accounted(first, cast, 1)
    second = services.request_tranche(case=case, user=cast.host, amount=300_000_000)
    assert second.number == 2
    assert balance(case).accounted == 200_000_000


def test_no_advance_beyond_the_state_budget_nor_two_at_once(cast):
    case = case_in_progress(cast)
    first = paid(case, cast, 400_000_000)
    accounted(first, cast, 400_000_000)
    services.request_tranche(case=case, user=cast.host, amount=300_000_000)
    assert refused(case, cast.host, 1)["__all__"] == [
        "Đợt tạm ứng trước đang chờ tài chính xác nhận."]
    second = Tranche.objects.get(case=case, number=2)
    services.check_tranche(tranche=second, user=cast.finance)
    services.pay_tranche(tranche=second, user=cast.finance, paid_on=TODAY(), reference="UNC-2")
    accounted(second, cast, 300_000_000)
    assert refused(case, cast.host, 100_000_001)["amount"] == [
        "Vượt kinh phí ngân sách còn lại: 100.000.000 VNĐ."]


def test_settlement_cannot_exceed_its_advance(cast):
    case = case_in_progress(cast)
    first = paid(case, cast, 100_000_000)
    accounted(first, cast, 60_000_000)
    with pytest.raises(ValidationError) as exc:
        accounted(first, cast, 40_000_001)
    assert exc.value.message_dict["amount"] == [
        "Vượt số tạm ứng đợt này chưa thanh toán: 40.000.000 VNĐ."]


def test_finance_confirms_within_20_working_days_and_paying_closes_it(cast):
    case = case_in_progress(cast)
    tranche = services.request_tranche(case=case, user=cast.host, amount=100_000_000)
    deadline = Deadline.objects.get(pk=tranche.deadline_id)
    assert (deadline.owed_by_role, deadline.amount, deadline.unit) == (
        "finance", 20, "working_days")
    assert deadline.due_on == add_working_days(TODAY(), 20)
    assert deadline.legal_basis == "TTLT 27/2015/TTLT-BKHCN-BTC"
    services.check_tranche(tranche=tranche, user=cast.finance)
    services.pay_tranche(tranche=tranche, user=cast.finance, paid_on=TODAY(), reference="UNC-1")
    assert Deadline.objects.get(pk=deadline.pk).status == "satisfied"


def test_refusal_needs_a_reason_and_the_next_request_is_again_a_first_advance(cast):
    case = case_in_progress(cast)
    tranche = services.request_tranche(case=case, user=cast.host, amount=100_000_000)
    with pytest.raises(ValidationError) as exc:
        services.refuse_tranche(tranche=tranche, user=cast.finance, reason=" ")
    assert exc.value.message_dict == {"reason": ["Cần nêu lý do."]}
    services.refuse_tranche(tranche=tranche, user=cast.finance, reason="Thiếu dự toán chi tiết")
    assert refused(case, cast.host, 400_000_001)["amount"][0].startswith("Tạm ứng đợt đầu")
    assert services.request_tranche(case=case, user=cast.host, amount=400_000_000).number == 2


def test_no_advance_before_the_contract_runs(cast):
    from tests.factories import make_case, walk

    case = walk(make_case(cast.host), cast, until="countersign_contract")
    assert refused(case, cast.host, 1)["__all__"][0].startswith("Chỉ đề nghị tạm ứng khi")


def test_pay_date_and_reference_are_checked(cast):
    import datetime

    case = case_in_progress(cast)
    tranche = services.request_tranche(case=case, user=cast.host, amount=100_000_000)
    services.check_tranche(tranche=tranche, user=cast.finance)
    with pytest.raises(ValidationError) as exc:
        services.pay_tranche(tranche=tranche, user=cast.finance,
                             paid_on=TODAY() + datetime.timedelta(days=1), reference="")
    assert set(exc.value.message_dict) == {"paid_on", "reference"}
