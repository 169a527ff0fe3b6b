"""Change rules become dated versions with their article; the notice period moves out.

How early an extension must be asked now has one source, the deadline rule
``extension_request_cutoff`` (TT 09/2014: at least one month before the end); the change
rule's own "30 days" disagreed with it (2027-01-31 for an end on 2027-03-01).
"""

import datetime
import django.db.models.deletion
from django.db import migrations, models


ARTICLE = ("TT 09/2014/TT-BKHCN: gia hạn một lần, tối đa 12 tháng (nhiệm vụ trên 24 tháng) "
           "hoặc 6 tháng; TT 04/2015/TT-BKHCN: cơ quan có thẩm quyền quyết định trong 30 ngày "
           "(số điều chưa đối chiếu)")


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("tasks_kh_cn", "RuleSet")
    ChangeRule = apps.get_model("changes", "ChangeRule")
    for rule_set in RuleSet.objects.filter(code="thanh-hoa-2023"):
        ChangeRule.objects.filter(rule_set=rule_set).update(
            effective_from=rule_set.effective_from, legal_article=ARTICLE)


class Migration(migrations.Migration):

    dependencies = [
        ('changes', '0002_default_change_rule'),
        ('tasks_kh_cn', '0006_rule_versions_and_eligibility'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='changerule',
            name='min_notice_days',
        ),
        migrations.AddField(
            model_name='changerule',
            name='effective_from',
            field=models.DateField(default=datetime.date(2023, 11, 27), verbose_name='hiệu lực từ'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='changerule',
            name='is_default_assumption',
            field=models.BooleanField(default=False, help_text='Văn bản không quy định con số này; tỉnh có thể thay đổi.', verbose_name='giá trị mặc định chưa kiểm chứng'),
        ),
        migrations.AddField(
            model_name='changerule',
            name='legal_article',
            field=models.CharField(blank=True, max_length=255, verbose_name='điều, khoản'),
        ),
        migrations.AlterField(
            model_name='changerule',
            name='rule_set',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='change_rules', to='tasks_kh_cn.ruleset', verbose_name='bộ quy tắc'),
        ),
        migrations.AddConstraint(
            model_name='changerule',
            constraint=models.UniqueConstraint(fields=('rule_set', 'effective_from'), name='unique_change_rule_version'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
