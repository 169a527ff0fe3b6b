"""Extension and amendment rules for the default rule set (TT 09/2014, TT 04/2015)."""

from django.db import migrations


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("tasks_kh_cn", "RuleSet")
    ChangeRule = apps.get_model("changes", "ChangeRule")
    # Tests re-run this after a flush with today's models, whose rules carry a version date.
    versioned = any(f.name == "effective_from" for f in ChangeRule._meta.get_fields())
    for rule_set in RuleSet.objects.filter(code="thanh-hoa-2023"):
        version = {"effective_from": rule_set.effective_from} if versioned else {}
        ChangeRule.objects.get_or_create(rule_set=rule_set, **version)


class Migration(migrations.Migration):
    dependencies = [("changes", "0001_initial"), ("tasks_kh_cn", "0002_default_rule_set")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
