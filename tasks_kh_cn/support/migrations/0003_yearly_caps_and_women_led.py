"""Yearly caps per enterprise and the women-led ceilings on the default support policy.

NĐ 80/2021 art. 13 (consulting support, the shipped default while no HĐND tỉnh resolution
is entered): micro up to 50 million a year (70 if women-led), small 100 (150), medium
150 (200).
"""

import django.db.models.deletion
from django.db import migrations, models


M = 1_000_000
CAPS = {"micro": (50 * M, 70 * M), "small": (100 * M, 150 * M), "medium": (150 * M, 200 * M)}


def forwards(apps, schema_editor):
    SupportPolicy = apps.get_model("support", "SupportPolicy")
    SupportYearlyCap = apps.get_model("support", "SupportYearlyCap")
    SupportLevel = apps.get_model("support", "SupportLevel")
    for policy in SupportPolicy.objects.filter(is_default_assumption=True):
        for size, (cap, women) in CAPS.items():
            SupportYearlyCap.objects.get_or_create(
                policy=policy, size_class=size,
                defaults=dict(cap=cap, cap_women_led=women,
                              legal_article="NĐ 80/2021/NĐ-CP Điều 13"))
            SupportLevel.objects.filter(policy=policy, size_class=size, ceiling=cap,
                                        ceiling_women_led__isnull=True).update(
                ceiling_women_led=women)


class Migration(migrations.Migration):

    dependencies = [
        ('support', '0002_seed_catalogue_and_default_levels'),
    ]

    operations = [
        migrations.AddField(
            model_name='supportlevel',
            name='ceiling_women_led',
            field=models.BigIntegerField(blank=True, null=True, verbose_name='mức tối đa, doanh nghiệp do phụ nữ làm chủ (VNĐ)'),
        ),
        migrations.CreateModel(
            name='SupportYearlyCap',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('size_class', models.CharField(choices=[('micro', 'Siêu nhỏ'), ('small', 'Nhỏ'), ('medium', 'Vừa'), ('large', 'Lớn')], max_length=10, verbose_name='quy mô doanh nghiệp')),
                ('cap', models.BigIntegerField(verbose_name='tổng mức hỗ trợ tối đa mỗi năm (VNĐ)')),
                ('cap_women_led', models.BigIntegerField(blank=True, null=True, verbose_name='tổng mức tối đa mỗi năm, doanh nghiệp do phụ nữ làm chủ (VNĐ)')),
                ('legal_article', models.CharField(blank=True, max_length=128, verbose_name='điều, khoản')),
                ('policy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='yearly_caps', to='support.supportpolicy', verbose_name='mức hỗ trợ')),
            ],
            options={
                'verbose_name': 'mức hỗ trợ tối đa mỗi năm',
                'verbose_name_plural': 'mức hỗ trợ tối đa mỗi năm',
                'constraints': [models.UniqueConstraint(fields=('policy', 'size_class'), name='unique_yearly_cap'), models.CheckConstraint(condition=models.Q(('cap__gte', 0)), name='yearly_cap_gte_0')],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
