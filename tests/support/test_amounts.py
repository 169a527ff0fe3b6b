"""min(share × cost, ceiling) at every ceiling boundary and for every enterprise size.

The levels are the seeded DEFAULT policy (NĐ 80/2021 art. 13 as the reference):
micro 100% ≤ 50m, small 50% ≤ 100m, medium 30% ≤ 150m, large: no support.
"""

from decimal import Decimal

import pytest

from tasks_kh_cn.support.calculator import assess_item, find_level, supportable_amount
from tasks_kh_cn.support.models import SupportItem, SupportLevel, SupportPolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_policy():
    policy = SupportPolicy.current()
    assert policy.is_default_assumption  # shipped defaults are marked as such
    assert policy.resolution_number == ""
    return policy


@pytest.mark.parametrize("size, cost, supportable, capped", [
    # micro: 100%, ceiling 50 000 000
    ("micro", 49_999_999, 49_999_999, False),
    ("micro", 50_000_000, 50_000_000, False),
    ("micro", 50_000_001, 50_000_000, True),
    # small: 50%, ceiling 100 000 000 (the share is rounded down to the đồng)
    ("small", 199_999_999, 99_999_999, False),
    ("small", 200_000_000, 100_000_000, False),
    ("small", 200_000_001, 100_000_000, False),  # 100 000 000.5 rounds down to the ceiling
    ("small", 200_000_002, 100_000_000, True),
    ("small", 1, 0, False),
    # medium: 30%, ceiling 150 000 000
    ("medium", 499_999_999, 149_999_999, False),
    ("medium", 500_000_000, 150_000_000, False),
    ("medium", 500_000_004, 150_000_000, True),
])
def test_supportable_amount_at_the_ceiling(default_policy, size, cost, supportable, capped):
    iso = SupportItem.objects.get(code="iso-9001")
    result = assess_item(item=iso, cost_estimate=cost, requested_amount=None, size_class=size,
                         levels=list(default_policy.levels.all()), policy=default_policy)
    assert result.ok
    assert result.supportable == supportable
    assert result.capped is capped


@pytest.mark.parametrize("size, cost", [("micro", 50_000_001), ("small", 300_000_000),
                                        ("medium", 500_000_000), ("small", 150_000_000)])
def test_request_at_the_maximum_passes_and_one_dong_more_is_refused(default_policy, size, cost):
    iso = SupportItem.objects.get(code="iso-9001")
    levels = list(default_policy.levels.all())
    maximum = assess_item(item=iso, cost_estimate=cost, requested_amount=None, size_class=size,
                          levels=levels).supportable
    at = assess_item(item=iso, cost_estimate=cost, requested_amount=maximum, size_class=size,
                     levels=levels)
    over = assess_item(item=iso, cost_estimate=cost, requested_amount=maximum + 1,
                       size_class=size, levels=levels)
    assert at.ok
    assert not over.ok
    [message] = over.errors["requested_amount"]
    assert "vượt mức tối đa được hỗ trợ" in message
    assert f"{maximum:,}".replace(",", ".") in message


def test_large_enterprise_gets_no_support_by_default(default_policy):
    iso = SupportItem.objects.get(code="iso-9001")
    result = assess_item(item=iso, cost_estimate=100_000_000, requested_amount=None,
                         size_class="large", levels=list(default_policy.levels.all()))
    assert result.supportable == 0
    assert "quy mô “Lớn” không được hỗ trợ" in result.errors["item"][0]


def test_item_level_beats_group_level_beats_general(default_policy):
    iso = SupportItem.objects.get(code="iso-9001")
    vietgap = SupportItem.objects.get(code="vietgap")
    levels = list(default_policy.levels.all()) + [
        SupportLevel(policy=default_policy, size_class="small", group="a",
                     share_percent=Decimal("60"), ceiling=120_000_000),
        SupportLevel(policy=default_policy, size_class="small", item=iso,
                     share_percent=Decimal("70"), ceiling=80_000_000),
    ]
    assert find_level(levels, item=iso, size_class="small").share_percent == 70
    five_s = SupportItem.objects.get(code="5s")
    assert find_level(levels, item=five_s, size_class="small").share_percent == 60
    assert find_level(levels, item=vietgap, size_class="small").share_percent == 50


def test_supportable_amount_is_exact_in_integers():
    # 33.33% of 300 000 001 is 99 990 000.33…: rounded down, never up.
    assert supportable_amount(300_000_001, Decimal("33.33"), 10**12) == 99_990_000
    assert supportable_amount(10**15, Decimal("100"), 10**15) == 10**15
