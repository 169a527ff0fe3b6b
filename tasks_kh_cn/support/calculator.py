"""The supportable amount of an item: min(share × cost, ceiling), and why a request is refused.

Pure functions over rows already loaded, so one request's whole computation costs
a fixed number of queries (see selectors.request_with_amounts).
"""

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from tasks_kh_cn.models import SizeClass
from tasks_kh_cn.numbers import money


def vnd(amount: int) -> str:
    """1234567 → '1.234.567 VNĐ' (vi) / '1,234,567 VND' (en)."""
    return _("%(amount)s VNĐ") % {"amount": money(amount)}


def supportable_amount(cost: int, share_percent: Decimal, ceiling: int) -> int:
    """TT 35/2021 art. 11(1): the level is a maximum — the share of the cost, capped by the ceiling.

    Rounded down to the đồng, so support never exceeds the share.
    """
    share = (Decimal(cost) * Decimal(share_percent) / Decimal(100)).to_integral_value(ROUND_DOWN)
    return max(0, min(int(share), int(ceiling)))


def find_level(levels, *, item, size_class):
    """The most specific level for the item and size: the item's own, else its group's, else all."""
    by_item = by_group = general = None
    for level in levels:
        if level.size_class != size_class:
            continue
        if level.item_id is not None:
            if level.item_id == item.pk:
                by_item = level
        elif level.group:
            if level.group == item.group:
                by_group = level
        else:
            general = level
    return by_item or by_group or general


@dataclass
class ItemAssessment:
    """The computed figures of one requested item and the reasons it cannot be accepted."""

    share_percent: Decimal | None
    ceiling: int | None
    supportable: int
    capped: bool
    errors: dict = field(default_factory=dict)  # field name → [Vietnamese reasons]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, name: str, message: str):
        self.errors.setdefault(name, []).append(str(message))


def assess_item(*, item, cost_estimate: int, requested_amount: int | None, size_class: str,
                levels, previous_grant=None, pending_in=None, policy=None,
                women_led=False) -> ItemAssessment:
    """Assess one item against the frozen policy's levels and earlier grants to the same host.

    ``previous_grant`` is the approval date of the same item for the same enterprise within the
    policy's window (or None); ``pending_in`` the code of another open case asking for it.
    """
    level = find_level(levels, item=item, size_class=size_class)
    size_label = SizeClass(size_class).label
    if level is None or level.share_percent <= 0 or level.ceiling <= 0:
        result = ItemAssessment(None if level is None else level.share_percent,
                                None if level is None else level.ceiling, 0, False)
        result.add("item", _("Doanh nghiệp quy mô “%(size)s” không được hỗ trợ nội dung "
                             "“%(item)s” theo mức hỗ trợ đang áp dụng.")
                   % {"size": size_label, "item": item.shown_name})
    else:
        # NĐ 80/2021 art. 13: an enterprise led by women has its own (higher) ceiling.
        ceiling = level.ceiling
        if women_led and level.ceiling_women_led is not None:
            ceiling = level.ceiling_women_led
        amount = supportable_amount(cost_estimate, level.share_percent, ceiling)
        share_only = supportable_amount(cost_estimate, level.share_percent, cost_estimate)
        result = ItemAssessment(level.share_percent, ceiling, amount, share_only > amount)
        if requested_amount is not None and requested_amount > amount:
            result.add("requested_amount", _(
                "Kinh phí đề nghị hỗ trợ %(requested)s vượt mức tối đa được hỗ trợ %(max)s "
                "(%(share)s%% chi phí, không quá %(ceiling)s đối với doanh nghiệp %(size)s)."
            ) % {"requested": vnd(requested_amount), "max": vnd(amount),
                 "share": f"{level.share_percent.normalize():f}", "ceiling": vnd(ceiling),
                 "size": str(size_label).lower()})
    if not item.is_active:
        result.add("item", _("Nội dung “%(item)s” không còn trong danh mục hỗ trợ.")
                   % {"item": item.shown_name})
    if previous_grant is not None:
        months = policy.repeat_window_months if policy is not None else 0
        result.add("item", _(
            "Doanh nghiệp đã được hỗ trợ nội dung “%(item)s” ngày %(date)s; không hỗ trợ lại "
            "cùng nội dung trong %(months)s tháng."
        ) % {"item": item.shown_name, "date": previous_grant.strftime("%d/%m/%Y"), "months": months})
    if pending_in:
        result.add("item", _(
            "Nội dung “%(item)s” đang được đề nghị hỗ trợ ở nhiệm vụ %(code)s của doanh nghiệp."
        ) % {"item": item.shown_name, "code": pending_in})
    return result
