"""A pilot model through its six steps, in order, to acceptance and completion (plan 3.4)."""

from decimal import Decimal

import pytest

from tasks_kh_cn.pilots.selectors import before_after, case_milestones
from tasks_kh_cn.pilots.services import propose_pilot_model
from tests.factories import make_organisation, make_pilot_call
from tests.support.helpers import drive
from workflows.services import TransitionConflict, available_transitions, perform_transition

from .helpers import AFTER, BASELINE, carry_out, do, pilot_in_progress, step

pytestmark = pytest.mark.django_db


def test_pilot_model_runs_six_steps_then_acceptance(cast):
    case, proposer_user = pilot_in_progress(cast)
    assert case.proposer.kind == "authority" and case.host.kind == "enterprise"
    assert [m.status for m in case_milestones(case)] == ["pending"] * 6

    carry_out(case, 1, cast.host, BASELINE)
    for n in (2, 3, 4):
        carry_out(case, n, cast.host)
    five = carry_out(case, 5, cast.host)
    assert five.status == "done" and not five.is_complete  # awaits the approver
    five = do(case, 5, "recognise", cast.approver, decision_number="15/QĐ-SKHCN",
              decision_date="2026-01-10")
    assert five.status == "recognised" and five.recognised_by == cast.approver
    six = carry_out(case, 6, cast.host, AFTER)
    assert six.status == "done"

    changes = {c.indicator.code: c for c in before_after(case)}
    assert changes["labour-productivity"].improved is True
    assert changes["defect-rate"].improved is True
    assert changes["customer-complaints"].improved is False

    case = perform_transition(case=case, name="finish_implementation", user=cast.host, data={})
    assert case.status == "acceptance_preparing"
    case = drive(case, cast, cast.host, start="submit_acceptance")
    assert case.status == "completed"


def test_steps_out_of_order_are_refused_with_reason(cast):
    case, _ = pilot_in_progress(cast)
    with pytest.raises(TransitionConflict) as exc:
        do(case, 3, "start", cast.host)
    assert exc.value.message == "Phải hoàn thành bước 2 trước khi bắt đầu bước 3."

    carry_out(case, 1, cast.host, BASELINE)
    do(case, 2, "start", cast.host)
    with pytest.raises(TransitionConflict) as exc:  # no evidence yet
        do(case, 2, "complete", cast.host)
    assert exc.value.message == "Bước 2 chưa có minh chứng (tài liệu)."
    with pytest.raises(TransitionConflict):
        do(case, 3, "start", cast.host)  # step 2 only in progress

    for n in (2, 3, 4, 5):
        if n == 2:
            from tasks_kh_cn.pilots.services import add_step_evidence
            from tests.factories import pdf

            add_step_evidence(milestone=step(case, 2), user=cast.host, uploaded=pdf())
            do(case, 2, "complete", cast.host)
        else:
            carry_out(case, n, cast.host)
    with pytest.raises(TransitionConflict) as exc:  # step 5 done but not recognised
        do(case, 6, "start", cast.host)
    assert exc.value.message == "Bước 5 chưa được lãnh đạo công nhận; chưa thể bắt đầu bước 6."

    do(case, 5, "refuse_recognition", cast.approver, comment="Chưa đủ hồ sơ đánh giá")
    assert step(case, 5).status == "in_progress"


def test_acceptance_is_blocked_before_step_6(cast):
    case, _ = pilot_in_progress(cast)
    [option] = [o for o in available_transitions(case, cast.host)
                if o.name == "finish_implementation"]
    assert not option.allowed
    assert option.reason.startswith("Chưa thể nghiệm thu: mô hình điểm phải hoàn thành bước 6")
    for n in (1, 2, 3, 4, 5):
        carry_out(case, n, cast.host, BASELINE if n == 1 else None)
    do(case, 5, "recognise", cast.approver, decision_number="1/QĐ", decision_date="2026-01-01")
    do(case, 6, "start", cast.host)
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=case, name="finish_implementation", user=cast.host, data={})
    assert "đang ở bước 6 (Đang thực hiện)" in exc.value.message
    assert type(case).objects.get(pk=case.pk).status == "in_progress"


def test_step_6_measures_the_same_indicators_as_step_1(cast):
    from django.core.exceptions import ValidationError

    from tasks_kh_cn.pilots.services import add_step_evidence, record_measurement
    from tests.factories import pdf

    from .helpers import indicator

    case, _ = pilot_in_progress(cast)
    carry_out(case, 1, cast.host, {"defect-rate": 5, "on-time-delivery": 80})
    for n in (2, 3, 4, 5):
        carry_out(case, n, cast.host)
    do(case, 5, "recognise", cast.approver, decision_number="1/QĐ", decision_date="2026-01-01")
    do(case, 6, "start", cast.host)
    with pytest.raises(ValidationError) as exc:
        record_measurement(milestone=step(case, 6), user=cast.host,
                           indicator=indicator("energy-per-unit"), value=3)
    assert "chưa được đo ở bước 1" in exc.value.message_dict["indicator"][0]
    record_measurement(milestone=step(case, 6), user=cast.host, indicator=indicator("defect-rate"),
                       value=Decimal("2.5"))
    add_step_evidence(milestone=step(case, 6), user=cast.host, uploaded=pdf())
    with pytest.raises(TransitionConflict) as exc:
        do(case, 6, "complete", cast.host)
    assert exc.value.message == "Bước 6 chưa nhập số đo: Tỷ lệ giao hàng đúng hạn (%)."


def test_a_pilot_is_proposed_by_a_department_for_an_enterprise(cast):
    from django.core.exceptions import ValidationError

    enterprise = cast.host.organisations.first()
    with pytest.raises(ValidationError) as exc:
        propose_pilot_model(created_by=cast.other_host, proposer=make_organisation(),
                            host=enterprise, title="Mô hình điểm", call=make_pilot_call(),
                            requested_budget=300_000_000)
    assert set(exc.value.message_dict) == {"proposer", "created_by"}


def test_a_step_reopens_only_while_the_next_has_not_started(cast):
    case, _ = pilot_in_progress(cast)
    carry_out(case, 1, cast.host, BASELINE)
    assert do(case, 1, "reopen", cast.host).status == "in_progress"
    do(case, 1, "complete", cast.host)
    do(case, 2, "start", cast.host)
    with pytest.raises(TransitionConflict) as exc:
        do(case, 1, "reopen", cast.host)
    assert exc.value.message == "Bước 2 đã bắt đầu; không mở lại bước 1."


def test_step_status_is_protected(cast):
    case, _ = pilot_in_progress(cast)
    milestone = step(case, 1)
    with pytest.raises(AttributeError):
        milestone.status = "done"
