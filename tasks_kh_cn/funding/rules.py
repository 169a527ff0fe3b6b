"""The funding figures of a case's rule set (dated rows with their article, admin-edited)."""

from django.core.exceptions import ImproperlyConfigured

from .models import FundingRule, FundingRuleCode

# The rows shipped for the default rule set are seeded by migrations/0001_ledger.py.


def rules_for(case) -> dict[str, FundingRule]:
    """The case's funding rules by code (one query); a missing row is a configuration error
    the administrator must fix, never a figure guessed in code."""
    rules = {rule.code: rule for rule in FundingRule.objects.filter(rule_set_id=case.rule_set_id)}
    missing = set(FundingRuleCode.values) - set(rules)
    if missing:
        raise ImproperlyConfigured(f"rule set {case.rule_set_id} lacks funding rules {sorted(missing)}")
    return rules
