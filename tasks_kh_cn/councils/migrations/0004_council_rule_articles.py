"""Council rules cite their article and say whether a figure is assumed; support criteria.

Support items (TT 35/2021 art. 9) were appraised with the research criteria; the
enterprise-support kind now has its own ballot lines (a provincial default: no text sets
them).
"""

from django.db import migrations, models


ARTICLES = {
    "identification": ("Hội đồng tư vấn xác định nhiệm vụ: thành phần, điều kiện họp, "
                       "đạt khi trên 3/4 phiếu (số điều chưa đối chiếu)", False),
    "selection": ("Hội đồng tuyển chọn: 7–9 thành viên, thang 100 điểm, ≥70 điểm, ưu tiên khi "
                  "bằng điểm (số điều chưa đối chiếu)", False),
    "direct_assignment": ("Điều 21: giao trực tiếp theo trình tự như tuyển chọn", False),
    "budget_appraisal": ("Tổ thẩm định kinh phí 5 thành viên, có mặt ≥4/5 "
                         "(số điều chưa đối chiếu)", False),
    "acceptance": ("Hội đồng đánh giá nghiệm thu 9 thành viên; cách xếp loại "
                   "(số điều chưa đối chiếu)", False),
}
SUPPORT_BASIS = ("TT 35/2021/TT-BTC Điều 9 khoản 1; tiêu chí mặc định của tỉnh "
                 "(chưa có văn bản quy định)")
SUPPORT_CRITERIA = [
    ("support_fit", "Sự phù hợp của nội dung đề nghị với danh mục hỗ trợ", 30),
    ("enterprise_commitment", "Năng lực, cam kết áp dụng và duy trì của doanh nghiệp", 25),
    ("cost_reasonable", "Tính hợp lý của dự toán, báo giá và phần đối ứng", 25),
    ("expected_effect", "Hiệu quả dự kiến về năng suất, chất lượng", 20),
]
TIE_BREAK_ORDER = ["state_budget", "excellent_recent_task", "content_score"]


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("tasks_kh_cn", "RuleSet")
    CouncilRule = apps.get_model("councils", "CouncilRule")
    Criterion = apps.get_model("councils", "Criterion")
    rule_set = RuleSet.objects.filter(code="thanh-hoa-2023").first()
    if rule_set is None:
        return
    for kind, (article, assumption) in ARTICLES.items():
        for rule in CouncilRule.objects.filter(rule_set=rule_set, council_type=kind):
            rule.legal_article, rule.is_default_assumption = article, assumption
            if kind in ("selection", "direct_assignment"):
                # TT 20/2023: ties go to the smaller state budget, then an "Xuất sắc" national
                # task in the last 5 years, then the higher content score.
                rule.parameters = {**rule.parameters, "tie_break_order": TIE_BREAK_ORDER}
            rule.save()
    for kind in ("selection", "direct_assignment"):
        for position, (code, label, points) in enumerate(SUPPORT_CRITERIA):
            Criterion.objects.get_or_create(
                rule_set=rule_set, council_type=kind, task_kind="enterprise_support", code=code,
                defaults=dict(label=label, scale="points", max_score=points, position=position,
                              legal_basis=SUPPORT_BASIS))


class Migration(migrations.Migration):

    dependencies = [
        ('councils', '0003_meetings_experts_one_flow'),
    ]

    operations = [
        migrations.AddField(
            model_name='councilrule',
            name='is_default_assumption',
            field=models.BooleanField(default=False, help_text='Văn bản không quy định con số này; tỉnh có thể thay đổi.', verbose_name='giá trị mặc định chưa kiểm chứng'),
        ),
        migrations.AddField(
            model_name='councilrule',
            name='legal_article',
            field=models.CharField(blank=True, max_length=255, verbose_name='điều, khoản'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
