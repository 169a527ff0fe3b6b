"""The plan's progress as a percentage of each target: rounded, not cut (found walking the demo:
1 of 6 pilot models read 16%, 1 of 150 enterprises 0%)."""

from decimal import Decimal

import pytest

from tasks_kh_cn.plan.selectors import Progress


def progress(value, target) -> Progress:
    return Progress(measure="m", label="", unit="", target=Decimal(target), value=Decimal(value),
                    detail="", status="behind", source="")


@pytest.mark.parametrize(("value", "target", "percent"), [
    (1, 6, 17), (1, 150, 1), (0, 150, 0), (75, 150, 50), (199, 200, 99), (200, 200, 100),
    (300, 150, 200), (5000, 1, 999), (3, 0, 100)])
def test_the_share_of_a_target_is_rounded_and_never_overstated(value, target, percent):
    assert progress(value, target).percent == percent
