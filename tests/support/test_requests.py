"""The enterprise asks for support; the product computes it, refuses with reasons, keeps rules."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from tasks_kh_cn.models import Organisation
from tasks_kh_cn.support.models import (
    SupportItemRequest,
    SupportLevel,
    SupportPolicy,
    SupportRequest,
)
from tasks_kh_cn.support.selectors import assess_request
from tasks_kh_cn.support.services import open_support_request
from workflows.services import TransitionConflict, available_transitions, perform_transition

from .helpers import add, drive, enterprise, support_case

pytestmark = pytest.mark.django_db


def test_host_lists_items_and_gets_the_supportable_amounts(cast):
    case = support_case(cast.host, cast)  # cast.host's enterprise is small: 50%, ≤ 100m
    iso = add(case, cast.host, "iso-9001", 150_000_000)
    five_s = add(case, cast.host, "5s", 400_000_000, requested=90_000_000)
    assert iso.requested_amount == 75_000_000  # no amount asked: the full supportable amount
    assessment = assess_request(case.support_request)
    amounts = {row.item.code: a.supportable for row, a in assessment.rows}
    assert amounts == {"iso-9001": 75_000_000, "5s": 100_000_000}
    assert assessment.total_cost == 550_000_000
    assert assessment.total_requested == 165_000_000
    assert assessment.total_supportable == 175_000_000
    assert assessment.ok
    assert five_s.quotation.kind == "quotation"


def test_request_over_the_ceiling_is_refused_with_a_field_reason(cast):
    case = support_case(cast.host, cast)
    with pytest.raises(ValidationError) as exc:
        add(case, cast.host, "haccp", 300_000_000, requested=100_000_001)
    [message] = exc.value.message_dict["requested_amount"]
    assert message == ("Kinh phí đề nghị hỗ trợ 100.000.001 VNĐ vượt mức tối đa được hỗ trợ "
                       "100.000.000 VNĐ (50% chi phí, không quá 100.000.000 VNĐ đối với "
                       "doanh nghiệp nhỏ).")
    assert not SupportItemRequest.objects.filter(request__case=case).exists()


def test_large_enterprise_is_refused(cast):
    big = enterprise("large")
    case = support_case(big, cast)
    with pytest.raises(ValidationError) as exc:
        add(case, big, "iso-9001", 100_000_000)
    assert "không được hỗ trợ" in exc.value.message_dict["item"][0]


def test_restricted_or_unlawful_enterprise_is_refused(cast):
    case = support_case(cast.host, cast)
    Organisation.objects.filter(pk=case.host_id).update(
        restricted_from_calls=True, restriction_reason="Nghiệm thu không đạt nhiệm vụ TH-2024-0001")
    case.host.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        open_support_request(case=case, user=cast.host)
    assert "đang bị hạn chế" in exc.value.message_dict["host"][0]

    other = enterprise("small")
    case2 = support_case(other, cast)
    Organisation.objects.filter(pk=case2.host_id).update(tax_code="0101248142")  # bad check digit
    case2.host.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        open_support_request(case=case2, user=other)
    assert "Mã số thuế 0101248142" in exc.value.message_dict["host"][0]


def test_only_the_host_enterprise_lists_items(cast):
    case = support_case(cast.host, cast)
    for intruder in (cast.other_host, cast.officer):
        with pytest.raises(PermissionDenied):
            add(case, intruder, "iso-9001", 100_000_000)


def test_an_item_received_within_the_window_is_refused(cast):
    first = support_case(cast.host, cast)
    add(first, cast.host, "iso-9001", 100_000_000)
    # The same item, still pending in the first case, cannot be asked twice.
    second = support_case(cast.host, cast)
    with pytest.raises(ValidationError) as exc:
        add(second, cast.host, "iso-9001", 100_000_000)
    assert f"đang được đề nghị hỗ trợ ở nhiệm vụ {first.code}" in exc.value.message_dict["item"][0]

    first = drive(first, cast, cast.host, until="prepare_contract")  # approved: support granted
    assert SupportRequest.objects.get(case=first).approved_on == timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        add(second, cast.host, "iso-9001", 100_000_000)
    assert "không hỗ trợ lại cùng nội dung trong 36 tháng" in exc.value.message_dict["item"][0]

    # 36 months and a day later the window (policy data) has passed.
    SupportRequest.objects.filter(case=first).update(
        approved_on=timezone.localdate() - relativedelta(months=36, days=1))
    assert add(second, cast.host, "iso-9001", 100_000_000).requested_amount == 50_000_000


def test_submit_dossier_is_closed_until_the_request_is_valid(cast):
    case = support_case(cast.host, cast)
    case = drive(case, cast, cast.host, until="submit_dossier")
    from tests.factories import upload_required

    upload_required(case, "appraisal", cast.host)
    [option] = [o for o in available_transitions(case, cast.host) if o.name == "submit_dossier"]
    assert not option.allowed
    assert option.reason.startswith("Đề nghị hỗ trợ chưa hợp lệ: Chưa lập đề nghị hỗ trợ")

    add(case, cast.host, "5s", 60_000_000, with_quotation=False)
    with pytest.raises(TransitionConflict) as exc:
        perform_transition(case=case, name="submit_dossier", user=cast.host, data={})
    assert "Công cụ 5S: Chưa có báo giá." in exc.value.message

    case.support_request.items.all().delete()
    add(case, cast.host, "5s", 60_000_000)
    case = perform_transition(case=case, name="submit_dossier", user=cast.host, data={})
    assert case.status == "dossier_submitted"


def test_research_cases_are_not_asked_for_a_support_request(cast):
    from tests.factories import make_case, walk

    case = walk(make_case(cast.host), cast, until="open_dossier")
    assert case.status == "dossier_submitted"


def test_a_policy_changed_mid_case_leaves_started_cases_on_their_version(cast):
    started = support_case(cast.host, cast)
    add(started, cast.host, "iso-9001", 300_000_000)
    old = started.support_request.policy
    assert old.is_default_assumption

    # The HĐND resolution arrives: a new dated policy with its number and date.
    today = timezone.localdate()
    new = SupportPolicy.objects.create(
        name="Nghị quyết HĐND tỉnh về mức hỗ trợ", resolution_number="99/2026/NQ-HĐND",
        resolution_date=today, legal_basis="TT 35/2021/TT-BTC Điều 11", effective_from=today)
    SupportLevel.objects.create(policy=new, size_class="small", share_percent=Decimal("70"),
                                ceiling=200_000_000)
    SupportPolicy.objects.filter(pk=old.pk).update(effective_to=today - datetime.timedelta(days=1))

    # The started case keeps 50% ≤ 100m; its levels can no longer be edited in admin.
    started = type(started).objects.get(pk=started.pk)
    [(row, a)] = assess_request(started.support_request).rows
    assert (a.share_percent, a.ceiling, a.supportable) == (Decimal("50"), 100_000_000, 100_000_000)
    policy_admin = site._registry[SupportPolicy]
    request = RequestFactory().get("/")
    request.user = cast.officer
    assert not policy_admin.has_change_permission(request, old)

    # A case started under the resolution gets its levels: 70% ≤ 200m.
    newcomer = enterprise("small")
    fresh = support_case(newcomer, cast)
    assert add(fresh, newcomer, "iso-9001", 300_000_000).requested_amount == 200_000_000
    assert fresh.support_request.policy == new
    assert not new.is_default_assumption
