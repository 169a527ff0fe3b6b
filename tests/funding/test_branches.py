"""Each branch of a task after the contract, as the department runs it (issue 12, "What must
be shown"), with the process and the FSM checked after every step (the open desk task is
the desk of the case's status):

- accepted Xuất sắc or Đạt → results registered → recognised → the ledger settled →
  liquidation minutes signed → completed;
- Không đạt → refund decided and paid in instalments; host and leader restricted, a new
  proposal refused with the reason and the end date; the beat task lifts it once the date
  has passed, and the proposal goes in;
- suspension and resumption, two missed reports stopping the advances, termination with
  its refund.

Other files hold the finer points of each (test_liquidation, test_closing, test_monitoring).
"""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from notifications.models import Deadline
from tasks_kh_cn.funding import services
from tasks_kh_cn.funding.closing import decide_refund, record_refund_payment, register_results
from tasks_kh_cn.funding.models import IssuedDocument, Restriction, TrancheSettlement
from tasks_kh_cn.funding.selectors import balance
from tasks_kh_cn.funding.signing import sign_document
from tasks_kh_cn.funding.tasks import lift_restrictions
from tasks_kh_cn.models import Organisation
from tests.councils.helpers import run_council
from tests.factories import TODAY, make_case, pdf, take_step, upload_required
from workflows.services import (
    InvalidPayload,
    TransitionConflict,
    desk_and_process_agree,
    perform_transition,
)

from .helpers import accounted, case_in_progress, paid

pytestmark = pytest.mark.django_db


def consistent(case):
    assert desk_and_process_agree(case), (case.status, "the desk task and the FSM disagree")
    return case


def step(case, cast, name, user, data=None, stage=None):
    return consistent(take_step(case, cast, name, user, data or {}, stage))


def to_acceptance(case, cast):
    case = step(case, cast, "finish_implementation", cast.host)
    case = step(case, cast, "submit_acceptance", cast.host, stage="acceptance")
    return step(case, cast, "accept_acceptance_dossier", cast.officer)


@pytest.mark.parametrize("rating", ["excellent", "pass"])
def test_accepted_through_settlement_of_the_ledger_and_liquidation(cast, rating):
    case = consistent(case_in_progress(cast))
    first = paid(case, cast, 400_000_000)
    accounted(first, cast, 400_000_000)
    consistent(case)
    second = paid(case, cast, 300_000_000)
    accounted(second, cast, 120_000_000)
    accounted(second, cast, 5_000_000, accept=False)  # rejected evidence counts for nothing
    accounted(second, cast, 180_000_000)
    case = to_acceptance(consistent(case), cast)
    case = consistent(run_council(case, cast, "acceptance", rating=rating))
    assert case.acceptance_rating == rating
    case = step(case, cast, "submit_final_revision", cast.host)
    register_results(case=case, user=cast.host, certificate_number="7/2026/GCN",
                     certificate_date=TODAY())
    case = step(case, cast, "recognise", cast.approver, {})

    # The settlement is the ledger's: a figure other than its rows is refused...
    rows = TrancheSettlement.objects.filter(tranche__case=case, status="accepted")
    ledger = sum(rows.values_list("amount", flat=True))
    assert ledger == balance(case).accounted == 700_000_000
    with pytest.raises(InvalidPayload) as exc:
        perform_transition(case=case, name="settle", user=cast.finance,
                           data={"settled_amount": 790_000_000})
    assert [e["message"] for e in exc.value.errors["settled_amount"]] == [
        "Kinh phí quyết toán phải bằng tổng đã thanh toán trên sổ tạm ứng: 700.000.000 VNĐ."]
    consistent(case)
    # ... and left blank it is the ledger's total.
    case = step(case, cast, "settle", cast.finance)
    assert case.status == "liquidation" and case.settled_amount == ledger
    minutes = IssuedDocument.objects.get(case=case, kind="liquidation_minutes")
    assert "700.000.000" in minutes.text
    sign_document(document=minutes, user=cast.host, scan=pdf("tl.pdf"))
    sign_document(document=minutes, user=cast.approver, scan=pdf("tl-so.pdf"))
    case = step(case, cast, "liquidate", cast.officer)
    assert case.status == "completed"


def test_failed_acceptance_refund_paid_restriction_and_its_end(cast):
    case = consistent(case_in_progress(cast))
    tranche = paid(case, cast, 400_000_000)
    accounted(tranche, cast, 150_000_000)
    case = to_acceptance(case, cast)
    case = consistent(run_council(case, cast, "acceptance", rating="fail",
                                  decision={"comment": "Sản phẩm không đạt chỉ tiêu"}))
    assert case.status == "rejected" and case.acceptance_rating == "fail"

    # The refund: decided by the approver (numbered), paid in two instalments until paid.
    due = TODAY() + datetime.timedelta(days=30)
    refund = decide_refund(case=case, user=cast.approver, amount=250_000_000, due_on=due,
                           reason="Kinh phí đã tạm ứng chưa thanh toán")
    assert "250.000.000" in refund.decision.text
    refund = record_refund_payment(refund=refund, user=cast.finance, amount=200_000_000,
                                   paid_on=TODAY(), reference="GNT-01")
    assert refund.status == "due"
    assert Deadline.objects.get(pk=refund.deadline_id).status == "open"
    refund = record_refund_payment(refund=refund, user=cast.finance, amount=50_000_000,
                                   paid_on=TODAY(), reference="GNT-02")
    assert refund.status == "paid"
    assert Deadline.objects.get(pk=refund.deadline_id).status == "satisfied"
    consistent(case)

    # The restriction of the host organisation and of the task leader, with its end date.
    end = TODAY() + relativedelta(months=24)
    assert {(r.organisation_id, r.person_id, r.ends_on)
            for r in Restriction.objects.filter(case=case)} == {
        (case.host_id, None, end), (None, cast.host.pk, end)}
    proposal = make_case(cast.host, title="Đề xuất sau khi không đạt")
    upload_required(proposal, "proposal", cast.host)
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=proposal, name="submit", user=cast.host, data={})
    assert end.strftime("%d/%m/%Y") in exc.value.message and "không đạt" in exc.value.message
    consistent(proposal)

    # The end date passes (moved to yesterday): the daily beat task lifts both rows.
    yesterday = TODAY() - datetime.timedelta(days=1)
    Restriction.objects.filter(case=case).update(ends_on=yesterday)
    Organisation.objects.filter(pk=case.host_id).update(restricted_until=yesterday)
    assert lift_restrictions.delay().get() == 2
    assert not Organisation.objects.get(pk=case.host_id).restricted_from_calls
    proposal = perform_transition(case=type(proposal).objects.get(pk=proposal.pk),
                                  name="submit", user=cast.host, data={})
    assert proposal.status == "submitted"
    consistent(proposal)


def make_due(case, *sequences):
    """Report periods whose deadline has passed (as if the contract had run for a year)."""
    Deadline.objects.filter(case=case, code="periodic_report", sequence__in=sequences).update(
        due_on=TODAY() - datetime.timedelta(days=1))


def test_suspension_resumption_missed_reports_and_termination_with_refund(cast):
    case = consistent(case_in_progress(cast))
    first = paid(case, cast, 400_000_000)
    accounted(first, cast, 200_000_000)

    case = consistent(perform_transition(case=case, name="suspend", user=cast.approver,
                                         data={"comment": "Chờ kiểm tra đột xuất"}))
    assert case.status == "suspended"
    with pytest.raises(ValidationError):
        services.request_tranche(case=case, user=cast.host, amount=100_000_000)
    case = consistent(perform_transition(case=case, name="resume", user=cast.approver, data={}))
    assert case.status == "in_progress"

    # Two report periods missed: the next advance is refused, with the reason and the rule.
    make_due(case, 1, 2)
    with pytest.raises(ValidationError) as exc:
        services.request_tranche(case=case, user=cast.host, amount=100_000_000)
    assert exc.value.message_dict["__all__"] == [
        "Thiếu 2 báo cáo định kỳ: dừng cấp kinh phí (TT 09/2014/TT-BKHCN Điều 9)."]
    consistent(case)

    case = consistent(perform_transition(case=case, name="terminate", user=cast.approver,
                                         data={"comment": "Không nộp báo cáo định kỳ"}))
    assert case.status == "terminated"
    assert Restriction.objects.filter(case=case).count() == 2
    refund = decide_refund(case=case, user=cast.approver, amount=200_000_000,
                           due_on=TODAY() + datetime.timedelta(days=30),
                           reason="Kinh phí tạm ứng chưa thanh toán")
    refund = record_refund_payment(refund=refund, user=cast.finance, amount=200_000_000,
                                   paid_on=TODAY(), reference="GNT-09")
    assert refund.status == "paid"
    consistent(case)
