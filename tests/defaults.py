"""Re-create the rows data migrations insert, for tests that run after a flush."""

import importlib

from django.apps import apps

# (module, function) of every data migration whose rows tests rely on. Other apps append here.
DATA_MIGRATIONS = [
    ("tasks_kh_cn.migrations.0002_default_rule_set", "forwards"),
    ("tasks_kh_cn.councils.migrations.0002_default_council_rules", "forwards"),
    ("tasks_kh_cn.councils.migrations.0003_meetings_experts_one_flow", "seed_meeting_rules"),
    ("tasks_kh_cn.support.migrations.0002_seed_catalogue_and_default_levels", "forwards"),
    ("tasks_kh_cn.pilots.migrations.0002_seed_indicators", "forwards"),
    ("tasks_kh_cn.plan.migrations.0002_plan_targets", "forwards"),
    ("tasks_kh_cn.plan.migrations.0003_programme", "forwards"),
    ("tasks_kh_cn.changes.migrations.0002_default_change_rule", "forwards"),
    ("notifications.migrations.0002_seed_deadline_rules", "forwards"),
    ("tasks_kh_cn.funding.migrations.0001_ledger", "forwards"),
    ("notifications.migrations.0006_seed_notice_events", "seed"),
    ("tasks_kh_cn.migrations.0006_rule_versions_and_eligibility", "forwards"),
    ("notifications.migrations.0008_versioned_deadline_rules", "forwards"),
    ("tasks_kh_cn.changes.migrations.0003_versioned_change_rules", "forwards"),
    ("tasks_kh_cn.councils.migrations.0004_council_rule_articles", "forwards"),
    ("tasks_kh_cn.councils.migrations.0007_criteria_in_english", "forwards"),
    ("tasks_kh_cn.support.migrations.0003_yearly_caps_and_women_led", "forwards"),
    ("tasks_kh_cn.changes.migrations.0004_amendments_apply_to_the_case", "forwards"),
    ("tasks_kh_cn.funding.migrations.0002_monitoring_desks_inspections", "seed_inspection_rules"),
    ("notifications.migrations.0012_deadline_titles_in_english", "forwards"),
    ("tasks_kh_cn.support.migrations.0004_catalogue_in_english", "forwards"),
    ("tasks_kh_cn.pilots.migrations.0003_catalogue_in_english", "forwards"),
    ("tasks_kh_cn.plan.migrations.0005_catalogue_in_english", "forwards"),
]


def ensure_migration_data():
    from tasks_kh_cn.models import RuleSet

    if RuleSet.objects.filter(code="thanh-hoa-2023").exists():
        return
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
