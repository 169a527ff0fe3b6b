"""Issue 11, point 5: support within the yearly cap per enterprise, the women-led ceilings,
and approval no higher than the supportable total (NĐ 80/2021 art. 13; TT 35/2021 art. 11)."""

import pytest
from django.utils import timezone

from tasks_kh_cn.models import Organisation
from tasks_kh_cn.support.models import SupportRequest
from tasks_kh_cn.support.selectors import approval_problems
from tests.factories import upload_required
from tests.support.helpers import add, drive, enterprise, support_case
from workflows.services import InvalidPayload, TransitionConflict, perform_transition

pytestmark = pytest.mark.django_db

M = 1_000_000


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _granted_this_year(cast, user, amount):
    """An earlier case of the same enterprise approved this year for ``amount``."""
    first = support_case(user, cast)
    add(first, user, "iso-9001", amount)  # micro: 100% of the cost
    first = drive(first, cast, user, until="prepare_contract")
    assert SupportRequest.objects.get(case=first).approved_on == timezone.localdate()
    return first


def _submit_dossier(case, cast, user):
    case = drive(case, cast, user, until="submit_dossier")
    upload_required(case, "appraisal", user)
    return perform_transition(case=case, name="submit_dossier", user=user, data={})


def test_the_yearly_cap_holds_across_cases_at_the_cap_and_one_dong_over(cast):
    user = enterprise("micro")  # NĐ 80/2021 art. 13: up to 50 million a year
    _granted_this_year(cast, user, 30 * M)
    over = support_case(user, cast)
    add(over, user, "5s", 20 * M + 1)
    with pytest.raises(TransitionConflict) as refused:
        _submit_dossier(over, cast, user)
    assert "vượt mức tối đa 50.000.000 VNĐ mỗi năm" in refused.value.message
    assert "đã được hỗ trợ 30.000.000 VNĐ" in refused.value.message

    exact = support_case(user, cast)
    add(exact, user, "lean", 20 * M)
    assert _submit_dossier(exact, cast, user).status == "dossier_submitted"


def test_a_women_led_enterprise_has_its_own_ceiling_and_cap(cast):
    user = enterprise("micro")
    case = support_case(user, cast)
    assert add(case, user, "iso-9001", 90 * M).requested_amount == 50 * M
    Organisation.objects.filter(pk=case.host_id).update(women_led=True)
    other = support_case(user, cast)
    assert add(other, user, "5s", 90 * M).requested_amount == 70 * M
    request = SupportRequest.objects.get(case=other)
    assert request.policy.yearly_caps.get(size_class="micro").for_host(
        Organisation.objects.get(pk=case.host_id)) == 70 * M


def test_approval_is_refused_above_the_supportable_total(cast):
    user = enterprise("small")  # 50% of the cost
    case = support_case(user, cast)
    add(case, user, "iso-9001", 140 * M)  # supportable 70 million
    case = drive(case, cast, user, until="approve")
    assert approval_problems(case, 70 * M) == []
    with pytest.raises(InvalidPayload) as refused:
        perform_transition(case=case, name="approve", user=cast.approver, data={
            "approved_budget": 100 * M,
            "lump_sum_mode": "final_product", "duration_months": 12})
    assert list(refused.value.errors) == ["approved_budget"], refused.value.errors
    message = refused.value.errors["approved_budget"][0]["message"]
    assert "vượt tổng mức được hỗ trợ 70.000.000 VNĐ" in message
    approved = perform_transition(case=case, name="approve", user=cast.approver, data={
        "approved_budget": 70 * M,
        "lump_sum_mode": "final_product", "duration_months": 12})
    assert approved.approved_budget == 70 * M
