"""Steps 1 and 6 compared: absolute and % change, improved or not in the indicator's direction."""

from decimal import Decimal

import pytest

from tasks_kh_cn.pilots.models import Indicator
from tasks_kh_cn.pilots.selectors import Change, before_after

from .helpers import AFTER, BASELINE, carry_out, do, pilot_in_progress

HIGHER = Indicator(pk=1, name="Năng suất lao động", unit="VNĐ/lao động/năm", direction="higher")
LOWER = Indicator(pk=2, name="Tỷ lệ sản phẩm lỗi", unit="%", direction="lower")


@pytest.mark.parametrize("indicator, before, after, absolute, percent, improved", [
    (HIGHER, "120000000", "150000000", "30000000", "25.00", True),
    (HIGHER, "150000000", "120000000", "-30000000", "-20.00", False),
    (LOWER, "5", "2", "-3", "-60.00", True),
    (LOWER, "2", "5", "3", "150.00", False),
    (LOWER, "4", "4", "0", "0.00", False),  # unchanged is not an improvement
    (HIGHER, "0", "10", "10", None, True),  # no ratio from a zero baseline
    (HIGHER, "3", "4", "1", "33.33", True),
])
def test_change(indicator, before, after, absolute, percent, improved):
    change = Change(indicator, Decimal(before), Decimal(after))
    assert change.absolute == Decimal(absolute)
    assert change.percent == (None if percent is None else Decimal(percent))
    assert change.improved is improved


def test_missing_after_value_is_unknown():
    change = Change(HIGHER, Decimal("1"), None)
    assert (change.absolute, change.percent, change.improved) == (None, None, None)


@pytest.mark.django_db
def test_comparison_of_a_case(cast, django_assert_num_queries):
    case, _ = pilot_in_progress(cast)
    carry_out(case, 1, cast.host, BASELINE)
    for n in (2, 3, 4, 5):
        carry_out(case, n, cast.host)
    do(case, 5, "recognise", cast.approver, decision_number="1/QĐ", decision_date="2026-01-01")
    carry_out(case, 6, cast.host, AFTER)
    with django_assert_num_queries(1):
        rows = [(c.indicator.code, c.absolute, c.percent, c.improved) for c in before_after(case)]
    assert rows == [
        ("labour-productivity", Decimal(30_000_000), Decimal("25.00"), True),
        ("defect-rate", Decimal(-3), Decimal("-60.00"), True),
        ("on-time-delivery", Decimal(0), Decimal("0.00"), False),
        ("customer-complaints", Decimal(3), Decimal("25.00"), False),
    ]
