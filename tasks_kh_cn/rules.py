"""Which rule a case meets: the one selector every domain asks (DOMAIN.md: rules are data).

A case is judged by the rule-set version it was submitted under: the rows of its
``rule_set`` in force on ``case.rules_as_of`` (set at the first submission, moved only by
an administrator with a reason, ``tasks_kh_cn.services.rule_versions``). So a council
formed, a deadline opened or a support level read after a new version took effect still
uses the version the case started with. Nothing here reads "today" for a case.
"""

import datetime

from notifications.models import DeadlineRule

from .changes.models import AmendmentRule, ChangeRule
from .councils.models import CouncilRule
from .models import RuleFigure
from .support.models import SupportPolicy


def rules_date(case) -> datetime.date:
    """The date whose rule versions bind ``case``: pinned at submission, else its creation."""
    return case.rules_date


def latest_per_code(rows, key) -> list:
    """The newest version of each ``key(row)`` among rows already filtered by date."""
    chosen = {}
    for row in sorted(rows, key=lambda r: (r.effective_from, r.pk or 0)):
        chosen[key(row)] = row
    return list(chosen.values())


def council_rule(case, council_type) -> CouncilRule | None:
    """The council rule of the case's version (TT 06/2023, TT 20/2023, TT 11/2014)."""
    return (CouncilRule.objects.in_force(rule_set=case.rule_set_id, council_type=council_type,
                                         on=rules_date(case))
            .select_related("rule_set").first())


def council_rules(case, council_types) -> list[CouncilRule]:
    """The case's version of each council type's rule, in one query (for forms and pages)."""
    rows = CouncilRule.objects.filter(rule_set_id=case.rule_set_id,
                                      council_type__in=list(council_types),
                                      effective_from__lte=rules_date(case))
    return latest_per_code(rows, key=lambda r: r.council_type)


def change_rule(case) -> ChangeRule:
    """Extension and amendment limits of the case's version; the defaults if none is seeded."""
    rule = (ChangeRule.objects.filter(rule_set_id=case.rule_set_id,
                                      effective_from__lte=rules_date(case))
            .order_by("-effective_from", "-id").first())
    return rule or ChangeRule(rule_set_id=case.rule_set_id, effective_from=rules_date(case))


def amendment_rule(case, kind) -> AmendmentRule | None:
    """Who decides a change of ``kind`` under the case's lump-sum mode, at the case's version
    (a row for the mode, else the row for a case without one); None if none is seeded."""
    mode = case.lump_sum_mode or ""
    rows = [r for r in AmendmentRule.objects.filter(
        rule_set_id=case.rule_set_id, kind=kind, lump_sum_mode__in={mode, ""},
        effective_from__lte=rules_date(case)).order_by("-effective_from", "-id")]
    return next((r for r in rows if r.lump_sum_mode == mode), rows[0] if rows else None)


def deadline_rules_on(rule_set_id, on: datetime.date) -> list[DeadlineRule]:
    """Every deadline rule of the rule set, each code at its version in force ``on``."""
    rows = DeadlineRule.objects.filter(rule_set_id=rule_set_id, effective_from__lte=on)
    return sorted(latest_per_code(rows, key=lambda r: r.code), key=lambda r: (r.position, r.pk))


def deadline_rule(case, code) -> DeadlineRule | None:
    return (DeadlineRule.objects.filter(rule_set_id=case.rule_set_id, code=code,
                                        effective_from__lte=rules_date(case))
            .order_by("-effective_from", "-id").first())


def support_policy(case) -> SupportPolicy | None:
    """The support levels in force on the case's rules date (the HĐND resolution or default)."""
    return SupportPolicy.current(rules_date(case))


def figures_on(rule_set_id, on: datetime.date) -> dict[str, RuleFigure]:
    rows = RuleFigure.objects.filter(rule_set_id=rule_set_id, effective_from__lte=on)
    return {row.code: row for row in latest_per_code(rows, key=lambda r: r.code)}


def figure(case, code) -> RuleFigure | None:
    return case.rule_figure(code)
