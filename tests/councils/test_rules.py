"""The council rules are data seeded for the default rule set, with their legal source."""

import datetime

from tasks_kh_cn.councils.models import CouncilRule, Criterion
from tasks_kh_cn.models import RuleSet


def test_default_rule_set_has_every_council_with_its_source(db):
    rule_set = RuleSet.objects.get(code="thanh-hoa-2023")
    rules = {r.council_type: r for r in CouncilRule.objects.filter(rule_set=rule_set)}
    sizes = {kind: (r.min_members, r.max_members, r.quorum) for kind, r in rules.items()}
    assert sizes == {
        "identification": (7, 11, "2/3"), "selection": (7, 9, "2/3"),
        "direct_assignment": (7, 9, "2/3"), "budget_appraisal": (5, 5, "4/5"),
        "acceptance": (9, 9, "2/3"),
    }
    assert "TT 06/2023" in rules["identification"].legal_basis
    assert "TT 11/2014" in rules["acceptance"].legal_basis
    assert rules["selection"].parameters["min_average"] == 70


def test_applied_rd_ballot_adds_up_to_one_hundred(db):
    rule_set = RuleSet.objects.get(code="thanh-hoa-2023")
    criteria = Criterion.for_council(rule_set=rule_set, council_type="selection",
                                     task_kind="research")
    assert [(c.code, c.max_score) for c in criteria] == [
        ("overview", 12), ("content_methods", 24), ("products", 16), ("applicability", 16),
        ("feasibility_budget", 16), ("capacity", 16)]
    assert sum(c.max_score for c in criteria) == 100


def test_a_kind_with_its_own_criteria_uses_them(db):
    rule_set = RuleSet.objects.get(code="thanh-hoa-2023")
    Criterion.objects.create(rule_set=rule_set, council_type="selection",
                             task_kind="pilot_model", code="pilot_items",
                             label="Mô hình phù hợp", scale="points", max_score=100)
    own = Criterion.for_council(rule_set=rule_set, council_type="selection",
                                task_kind="pilot_model")
    assert [c.code for c in own] == ["pilot_items"]


def test_support_items_are_appraised_with_support_criteria_not_research_ones(db):
    """Issue 11: the direct-assignment council for ISO 9001 / 5S items scored research lines."""
    rule_set = RuleSet.objects.get(code="thanh-hoa-2023")
    for council_type in ("selection", "direct_assignment"):
        own = Criterion.for_council(rule_set=rule_set, council_type=council_type,
                                    task_kind="enterprise_support")
        assert [c.code for c in own] == ["support_fit", "enterprise_commitment",
                                         "cost_reasonable", "expected_effect"]
        assert sum(c.max_score for c in own) == 100
        assert all("TT 35/2021" in c.legal_basis for c in own)


def test_the_rule_in_force_is_the_latest_effective_one(db):
    rule_set = RuleSet.objects.get(code="thanh-hoa-2023")
    newer = CouncilRule.objects.create(
        rule_set=rule_set, council_type="selection", effective_from=datetime.date(2026, 1, 1),
        min_members=7, max_members=11, quorum="2/3", legal_basis="Quy định của tỉnh (giả định)")
    pick = CouncilRule.objects.in_force
    before = pick(rule_set=rule_set, council_type="selection", on=datetime.date(2025, 12, 31))
    assert before.first().effective_from == datetime.date(2023, 11, 27)
    assert pick(rule_set=rule_set, council_type="selection",
                on=datetime.date(2026, 1, 1)).first() == newer
