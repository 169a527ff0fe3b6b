"""The funding figures of a case's rule set (dated rows with their article, admin-edited)."""

from django.core.exceptions import ImproperlyConfigured

from .models import FundingRule, FundingRuleCode

# What ships for the default rule set (migration 0001). TTLT 27/2015/TTLT-BKHCN-BTC art. 13
# (REGULATIONS.md B3, verified): first advance ≤ 50% of the state budget; a further one once
# ≥ 50% of earlier advances is accounted for; the funding unit confirms within 20 wd.
DEFAULTS = [
    (FundingRuleCode.FIRST_ADVANCE_SHARE, 1, 2, "TTLT 27/2015/TTLT-BKHCN-BTC", "Điều 13"),
    (FundingRuleCode.ACCOUNTED_SHARE, 1, 2, "TTLT 27/2015/TTLT-BKHCN-BTC", "Điều 13"),
    (FundingRuleCode.CONFIRMATION_DAYS, 20, 1, "TTLT 27/2015/TTLT-BKHCN-BTC", "Điều 13"),
]


def rules_for(case) -> dict[str, FundingRule]:
    """The case's funding rules by code (one query); a missing row is a configuration error
    the administrator must fix, never a figure guessed in code."""
    rules = {rule.code: rule for rule in FundingRule.objects.filter(rule_set_id=case.rule_set_id)}
    missing = set(FundingRuleCode.values) - set(rules)
    if missing:
        raise ImproperlyConfigured(f"rule set {case.rule_set_id} lacks funding rules {sorted(missing)}")
    return rules
