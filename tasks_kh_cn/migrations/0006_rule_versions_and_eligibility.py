"""Rule versions pinned on cases, dated figures with their article, art. 4 eligibility fields.

Cases already submitted keep the version in force on their submission day. The figures
that were numbers in code (first advance, SME size limits, TT 20/2023 art. 4 limits)
become dated ``RuleFigure`` rows of the default rule set (the tie-break order lives with
the council rule it belongs to, ``councils`` 0003).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

SIZE_LIMITS = {
    # NĐ 80/2021 art. 5: [size, max insured staff, max revenue, max capital] in VND.
    "production": [["micro", 10, 3_000_000_000, 3_000_000_000],
                   ["small", 100, 50_000_000_000, 20_000_000_000],
                   ["medium", 200, 200_000_000_000, 100_000_000_000]],
    "trade_services": [["micro", 10, 10_000_000_000, 3_000_000_000],
                       ["small", 50, 100_000_000_000, 50_000_000_000],
                       ["medium", 100, 300_000_000_000, 100_000_000_000]],
}

# (code, label, value, legal basis, article, is_default_assumption)
FIGURES = [
    ("first_advance_max_share", "Tạm ứng đợt 1 tối đa (phần kinh phí được duyệt)", "1/2",
     "TTLT 27/2015/TTLT-BKHCN-BTC", "Điều 13", False),
    ("sme_size_limits", "Tiêu chí xác định doanh nghiệp siêu nhỏ, nhỏ, vừa", SIZE_LIMITS,
     "NĐ 80/2021/NĐ-CP", "Điều 5", False),
    ("eligibility_overdue_acceptance_days",
     "Không được tham gia khi chậm nộp hồ sơ đánh giá nghiệm thu quá (ngày)", 30,
     "TT 20/2023/TT-BKHCN", "Điều 4", False),
    ("leader_min_years_in_field", "Chủ nhiệm nhiệm vụ: số năm tối thiểu trong lĩnh vực", 5,
     "TT 20/2023/TT-BKHCN", "Điều 4", False),
]


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("tasks_kh_cn", "RuleSet")
    RuleFigure = apps.get_model("tasks_kh_cn", "RuleFigure")
    TaskCase = apps.get_model("tasks_kh_cn", "TaskCase")
    for case in TaskCase.objects.filter(rules_as_of__isnull=True, submitted_at__isnull=False):
        case.rules_as_of = timezone.localdate(case.submitted_at)
        case.save(update_fields=["rules_as_of"])
    rule_set = RuleSet.objects.filter(code="thanh-hoa-2023").first()
    if rule_set is None:
        return
    for code, label, value, basis, article, assumption in FIGURES:
        RuleFigure.objects.get_or_create(
            rule_set=rule_set, code=code, effective_from=rule_set.effective_from,
            defaults=dict(label=label, value=value, legal_basis=basis, legal_article=article,
                          is_default_assumption=assumption))


class Migration(migrations.Migration):

    dependencies = [
        ('tasks_kh_cn', '0005_delegations'),
    ]

    operations = [
        migrations.AddField(
            model_name='organisation',
            name='unpaid_refund',
            field=models.BigIntegerField(default=0, help_text='Theo quyết định thu hồi kinh phí; khác 0 thì không được tham gia.', verbose_name='kinh phí phải hoàn trả chưa nộp (VNĐ)'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='women_led',
            field=models.BooleanField(default=False, verbose_name='doanh nghiệp do phụ nữ làm chủ'),
        ),
        migrations.AddField(
            model_name='profile',
            name='has_university_degree',
            field=models.BooleanField(blank=True, null=True, verbose_name='có trình độ đại học trở lên'),
        ),
        migrations.AddField(
            model_name='profile',
            name='suspended_until',
            field=models.DateField(blank=True, null=True, verbose_name='bị đình chỉ làm chủ nhiệm đến ngày'),
        ),
        migrations.AddField(
            model_name='profile',
            name='years_in_field',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số năm hoạt động trong lĩnh vực'),
        ),
        migrations.AddField(
            model_name='taskcase',
            name='rules_as_of',
            field=models.DateField(blank=True, null=True, verbose_name='áp dụng quy tắc có hiệu lực ngày'),
        ),
        migrations.CreateModel(
            name='RuleFigure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=64, verbose_name='mã')),
                ('label', models.CharField(max_length=255, verbose_name='nội dung')),
                ('effective_from', models.DateField(verbose_name='hiệu lực từ')),
                ('value', models.JSONField(verbose_name='giá trị')),
                ('legal_basis', models.CharField(max_length=255, verbose_name='văn bản')),
                ('legal_article', models.CharField(max_length=128, verbose_name='điều, khoản')),
                ('is_default_assumption', models.BooleanField(default=False, help_text='Văn bản không quy định con số này; tỉnh có thể thay đổi.', verbose_name='giá trị mặc định chưa kiểm chứng')),
                ('rule_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='figures', to='tasks_kh_cn.ruleset', verbose_name='bộ quy tắc')),
            ],
            options={
                'verbose_name': 'số liệu quy định',
                'verbose_name_plural': 'số liệu quy định',
                'ordering': ['rule_set', 'code', '-effective_from'],
                'constraints': [models.UniqueConstraint(fields=('rule_set', 'code', 'effective_from'), name='unique_rule_figure_version')],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
