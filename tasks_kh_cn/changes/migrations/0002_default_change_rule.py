"""Extension and amendment rules for the default rule set (TT 09/2014, TT 04/2015)."""

from django.db import migrations


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("tasks_kh_cn", "RuleSet")
    ChangeRule = apps.get_model("changes", "ChangeRule")
    for rule_set in RuleSet.objects.filter(code="thanh-hoa-2023"):
        ChangeRule.objects.get_or_create(rule_set=rule_set)


class Migration(migrations.Migration):
    dependencies = [("changes", "0001_initial"), ("tasks_kh_cn", "0002_default_rule_set")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
