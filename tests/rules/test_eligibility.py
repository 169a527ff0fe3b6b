"""Issue 11, point 5: TT 20/2023 art. 4 at submission (with the reason, and a suspension's
end date), a pilot model's proposing agency, call and budget, and the first advance read
from the case's rule version (TTLT 27/2015 art. 13)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Deadline
from tasks_kh_cn.models import Organisation, Profile, RuleFigure, TaskCase
from tasks_kh_cn.pilots.services import propose_pilot_model
from tests.factories import (
    act,
    make_case,
    make_enterprise_user,
    make_organisation,
    pilot_proposer_and_call,
    upload_required,
    walk,
)
from workflows.services import InvalidPayload, TransitionConflict, perform_transition

pytestmark = pytest.mark.django_db


def _submit(case, user):
    upload_required(case, "proposal", user)
    return perform_transition(case=case, name="submit", user=user, data={})


def test_unpaid_refunds_bar_the_host(cast):
    case = make_case(cast.host)
    Organisation.objects.filter(pk=case.host_id).update(unpaid_refund=12_500_000)
    with pytest.raises(TransitionConflict) as refused:
        _submit(TaskCase.objects.get(pk=case.pk), cast.host)
    assert "chưa hoàn trả kinh phí 12.500.000 VNĐ" in refused.value.message
    assert "Điều 4" in refused.value.message


def test_an_acceptance_filing_overdue_more_than_30_days_bars_the_host(cast):
    late = make_case(cast.host, title="Nhiệm vụ cũ")
    today = timezone.localdate()
    deadline = Deadline.objects.create(
        case=late, rule_set=late.rule_set, code="acceptance_dossier", title="Nộp hồ sơ",
        owed_by_role="enterprise", due_at=timezone.now(), due_on=today - datetime.timedelta(
            days=30), amount=30, unit="calendar_days", legal_basis="TT 11/2014/TT-BKHCN")
    case = make_case(cast.host)
    assert _submit(case, cast.host).status == "submitted"  # exactly 30 days late: not yet barred
    Deadline.objects.filter(pk=deadline.pk).update(due_on=today - datetime.timedelta(days=31))
    other = make_case(cast.host)
    with pytest.raises(TransitionConflict) as refused:
        _submit(other, cast.host)
    assert late.code in refused.value.message and "quá 30 ngày" in refused.value.message


def test_a_time_limited_suspension_says_its_end_date(cast):
    until = timezone.localdate() + datetime.timedelta(days=40)
    case = make_case(cast.host)
    Organisation.objects.filter(pk=case.host_id).update(
        restricted_from_calls=True, restriction_reason="Không đạt nghiệm thu",
        restricted_until=until)
    with pytest.raises(TransitionConflict) as refused:
        _submit(TaskCase.objects.get(pk=case.pk), cast.host)
    assert until.strftime("%d/%m/%Y") in refused.value.message


def test_the_task_leaders_conditions(cast):
    leader = make_enterprise_user(cast.host.organisations.first(), username="chunhiem")
    Profile.objects.update_or_create(user=leader, defaults={
        "full_name": "Nguyễn Văn Chủ", "years_in_field": 4,
        "suspended_until": timezone.localdate() + datetime.timedelta(days=10)})
    case = make_case(cast.host, leader=leader)
    with pytest.raises(TransitionConflict) as refused:
        _submit(case, cast.host)
    message = refused.value.message
    assert "ít nhất 5 năm" in message and "hiện 4 năm" in message
    end = (timezone.localdate() + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    assert f"đình chỉ tham gia đến hết ngày {end}" in message
    Profile.objects.filter(user=leader).update(years_in_field=5, suspended_until=None)
    assert _submit(TaskCase.objects.get(pk=case.pk), cast.host).status == "submitted"


def test_a_pilot_model_needs_its_agency_its_call_and_a_budget(cast):
    department = make_organisation(name="Sở Công Thương", kind="authority")
    proposer = make_enterprise_user(department, username="so_ct")
    # Refused when created (a draft has no page to be edited) by the submission's own rule.
    with pytest.raises(ValidationError) as refused:
        propose_pilot_model(created_by=proposer, proposer=department,
                            host=cast.host.organisations.first(), title="Mô hình điểm 5S",
                            requested_budget=0)
    assert refused.value.message_dict == {
        "call": ["Mô hình điểm phải đăng ký theo một đợt thông báo."],
        "requested_budget": ["Mô hình điểm cần kinh phí đề nghị lớn hơn 0."]}
    assert not TaskCase.objects.exists()
    _authority, call = pilot_proposer_and_call(proposer)
    case = propose_pilot_model(created_by=proposer, proposer=department, call=call,
                               host=cast.host.organisations.first(), title="Mô hình điểm 5S",
                               requested_budget=300_000_000)
    # Submission asks the same (a case changed behind the services' back is still held).
    TaskCase.objects.filter(pk=case.pk).update(call=None, requested_budget=0)
    with pytest.raises(TransitionConflict) as refused:
        _submit(TaskCase.objects.get(pk=case.pk), cast.host)
    assert "đợt thông báo" in refused.value.message
    assert "kinh phí đề nghị lớn hơn 0" in refused.value.message
    TaskCase.objects.filter(pk=case.pk).update(call=call, requested_budget=300_000_000)
    assert _submit(TaskCase.objects.get(pk=case.pk), cast.host).status == "submitted"


def test_a_pilot_model_without_a_proposing_agency_cannot_be_submitted(cast):
    case = make_case(cast.host, kind="pilot_model")
    TaskCase.objects.filter(pk=case.pk).update(proposer=None)
    with pytest.raises(TransitionConflict) as refused:
        _submit(TaskCase.objects.get(pk=case.pk), cast.host)
    assert "cơ quan đề xuất" in refused.value.message


def test_the_first_advance_share_is_the_case_versions_figure(cast):
    case = walk(make_case(cast.host), cast, until="prepare_contract")  # approved 800 million
    data = {"first_advance": 400_000_001}
    with pytest.raises(InvalidPayload) as refused:
        perform_transition(case=case, name="prepare_contract", user=cast.officer, data=data)
    message = refused.value.errors["first_advance"][0]["message"]
    assert "1/2" in message and "400.000.000" in message and "Điều 13" in message
    # A later version (2/5) does not apply to this case, submitted before it took effect.
    RuleFigure.objects.create(rule_set=case.rule_set, code="first_advance_max_share",
                              label="Tạm ứng đợt 1", value="2/5",
                              effective_from=timezone.localdate() + datetime.timedelta(days=1),
                              legal_basis="Quy định mới (giả định)", legal_article="Điều 1",
                              is_default_assumption=True)
    assert act(case, "prepare_contract", cast.officer,
               first_advance=400_000_000).first_advance == 400_000_000
