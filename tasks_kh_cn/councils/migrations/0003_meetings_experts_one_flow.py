"""Issue 11: councils that meet, the experts registry, and one council flow.

- ``MeetingRule`` rows (REGULATIONS.md B1, B2, B5): papers due before the meeting in
  working days, the decision after it, and publication, each with its text and whether
  the figure is verified or a default assumption [U].
- The five council flows became one (workflows.councils.flow.CouncilFlow). viewflow
  stores each process's flow class and each task's node as a dotted path
  ("workflows/councils.selection.SelectionCouncilFlow", "….cast_ballot"); the old modules
  are gone, so the rows of councils under way move to the new path. The diagram is node
  for node the same, so a process carries on where it stood.
"""

import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


OLD_FLOWS = [
    "councils.identification.IdentificationCouncilFlow",
    "councils.selection.SelectionCouncilFlow",
    "councils.direct_assignment.DirectAssignmentCouncilFlow",
    "councils.budget_appraisal.BudgetAppraisalFlow",
    "councils.acceptance.AcceptanceCouncilFlow",
]
NEW_FLOW = "councils.flow.CouncilFlow"
NODES = [
    "start", "open_round", "seats", "seat_check", "conflict_check", "declare_conflict",
    "replace_member", "cast_ballot", "close_round", "round_done", "aggregate", "tie",
    "decide", "second_round", "end",
]


def _ref(path):
    return f"workflows/{path}"


def move(apps, old_flows, new_flow):
    """Rewrite the stored references with plain UPDATEs on strings (loading the rows
    would import the flow class each one names, and the old ones no longer exist)."""
    Process = apps.get_model("viewflow", "Process")
    Task = apps.get_model("viewflow", "Task")
    for old in old_flows:
        Process.objects.filter(flow_class=_ref(old)).update(flow_class=_ref(new_flow))
        for node in NODES:
            Task.objects.filter(flow_task=_ref(f"{old}.{node}")).update(
                flow_task=_ref(f"{new_flow}.{node}"))


def forwards(apps, schema_editor):
    move(apps, OLD_FLOWS, NEW_FLOW)



TT06 = "TT 06/2023/TT-BKHCN"
TT20 = "TT 20/2023/TT-BKHCN"
TT11 = "TT 11/2014/TT-BKHCN"
# (type, papers wd, papers text, decision days, in wd, decision text, decision assumed,
#  publish within, keep, publish text, publish assumed)
MEETING_RULES = [
    ("identification", 5, f"{TT06}: tài liệu gửi thành viên trước phiên họp ít nhất 5 ngày "
     "làm việc", 15, False, f"{TT06}: cơ quan phê duyệt xem xét trong 15 ngày kể từ phiên "
     "họp", False, 15, 60, f"{TT06}: công bố trong 15 ngày kể từ khi phê duyệt; thời gian "
     "đăng tải 60 ngày theo TT 20/2023 [U]", True),
    ("selection", 7, f"{TT20}: hồ sơ gửi thành viên trước phiên họp ít nhất 7 ngày làm việc",
     15, False, f"{TT20}: trình phê duyệt trong 15 ngày [U: tính từ phiên họp]", True,
     15, 60, f"{TT20}: công bố kết quả trong 15 ngày, đăng tải ít nhất 60 ngày", False),
    ("direct_assignment", 7, f"{TT20} Điều 21: như tuyển chọn, gửi hồ sơ trước phiên họp ít "
     "nhất 7 ngày làm việc", 15, False, f"{TT20} Điều 21: trình phê duyệt trong 15 ngày [U: "
     "tính từ phiên họp]", True, 15, 60, f"{TT20} Điều 21: công bố kết quả trong 15 ngày, "
     "đăng tải ít nhất 60 ngày", False),
    ("budget_appraisal", 3, f"{TT20}: tài liệu gửi tổ thẩm định trước phiên họp ít nhất 3 ngày "
     "làm việc", 15, False, f"{TT20}: tổ chức chủ trì hoàn thiện trong 15 ngày [U: hạn quyết "
     "định sau phiên họp]", True, None, None, "", False),
    ("acceptance", 7, f"{TT11}: tài liệu gửi thành viên trước phiên họp ít nhất 7 ngày làm "
     "việc", 2, True, f"{TT11}: gửi kết luận của hội đồng cho tổ chức chủ trì trong 2 ngày "
     "làm việc", False, None, None, "", False),
]


SITE_TEAMS = {
    "selection": dict(site_article=f"{TT20}: tổ chuyên gia kiểm tra cơ sở vật chất tại chỗ "
                      "(luôn có đối với dự án)"),
    "acceptance": dict(site_team_size=3, site_report_working_days=2,
                       site_article=f"{TT11}: tổ chuyên gia 3 người khi sản phẩm đo đếm được, "
                       "báo cáo trước phiên họp ít nhất 2 ngày làm việc"),
}


def seed_meeting_rules(apps, schema_editor):
    RuleSet = apps.get_model("tasks_kh_cn", "RuleSet")
    MeetingRule = apps.get_model("councils", "MeetingRule")
    rule_set = RuleSet.objects.filter(code="thanh-hoa-2023").first()
    if rule_set is None:
        return
    for (kind, papers, papers_text, decision, in_wd, decision_text, decision_assumed,
         within, keep, publish_text, publish_assumed) in MEETING_RULES:
        MeetingRule.objects.get_or_create(
            rule_set=rule_set, council_type=kind, effective_from=datetime.date(2023, 11, 27),
            defaults=dict(
                papers_working_days=papers, papers_article=papers_text, decision_days=decision,
                decision_in_working_days=in_wd, decision_article=decision_text,
                decision_is_assumption=decision_assumed, publish_within_days=within,
                publish_keep_days=keep, publish_article=publish_text,
                publish_is_assumption=publish_assumed, **SITE_TEAMS.get(kind, {})))


class Migration(migrations.Migration):

    dependencies = [
        ('councils', '0002_default_council_rules'),
        ('tasks_kh_cn', '0005_delegations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('viewflow', '0015_task_scheduled'),
    ]

    operations = [
        migrations.CreateModel(
            name='ExpertiseField',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='mã')),
                ('name', models.CharField(max_length=255, verbose_name='lĩnh vực chuyên môn')),
            ],
            options={
                'verbose_name': 'lĩnh vực chuyên môn',
                'verbose_name_plural': 'lĩnh vực chuyên môn',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Expert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('degree', models.CharField(choices=[('bachelor', 'Đại học'), ('master', 'Thạc sĩ'), ('doctor', 'Tiến sĩ'), ('science_doctor', 'Tiến sĩ khoa học')], max_length=16, verbose_name='học vị')),
                ('academic_rank', models.CharField(blank=True, choices=[('', 'Không'), ('associate_professor', 'Phó giáo sư'), ('professor', 'Giáo sư')], max_length=24, verbose_name='học hàm')),
                ('workplace', models.CharField(blank=True, max_length=255, verbose_name='nơi công tác (ngoài hệ thống)')),
                ('active', models.BooleanField(default=True, verbose_name='còn trong danh sách')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ngày đưa vào danh sách')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='registry_experts', to='tasks_kh_cn.organisation', verbose_name='tổ chức công tác')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='expert', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản')),
                ('fields', models.ManyToManyField(related_name='experts', to='councils.expertisefield', verbose_name='lĩnh vực chuyên môn')),
            ],
            options={
                'verbose_name': 'chuyên gia',
                'verbose_name_plural': 'danh sách chuyên gia',
                'ordering': ['user__first_name', 'user__last_name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ExpertConflict',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('note', models.CharField(max_length=255, verbose_name='lý do')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ngày ghi nhận')),
                ('expert', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts', to='councils.expert', verbose_name='chuyên gia')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tasks_kh_cn.organisation', verbose_name='tổ chức')),
            ],
            options={
                'verbose_name': 'xung đột lợi ích đã biết',
                'verbose_name_plural': 'xung đột lợi ích đã biết',
            },
        ),
        migrations.CreateModel(
            name='MeetingRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('council_type', models.CharField(choices=[('identification', 'Hội đồng tư vấn xác định nhiệm vụ'), ('selection', 'Hội đồng tư vấn tuyển chọn'), ('direct_assignment', 'Hội đồng tư vấn giao trực tiếp'), ('budget_appraisal', 'Tổ thẩm định kinh phí'), ('acceptance', 'Hội đồng đánh giá nghiệm thu')], max_length=32, verbose_name='loại hội đồng')),
                ('effective_from', models.DateField(verbose_name='hiệu lực từ')),
                ('papers_working_days', models.PositiveSmallIntegerField(verbose_name='gửi tài liệu trước phiên họp (ngày làm việc)')),
                ('papers_article', models.CharField(max_length=255, verbose_name='căn cứ hạn gửi tài liệu')),
                ('decision_days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='hạn quyết định sau phiên họp')),
                ('decision_in_working_days', models.BooleanField(default=False, verbose_name='tính theo ngày làm việc')),
                ('decision_article', models.CharField(blank=True, max_length=255, verbose_name='căn cứ hạn quyết định')),
                ('decision_is_assumption', models.BooleanField(default=False, verbose_name='hạn quyết định là giá trị mặc định')),
                ('publish_within_days', models.PositiveSmallIntegerField(blank=True, help_text='Để trống nếu văn bản không yêu cầu công bố.', null=True, verbose_name='công bố kết quả trong (ngày)')),
                ('publish_keep_days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='thời gian đăng tải tối thiểu (ngày)')),
                ('publish_article', models.CharField(blank=True, max_length=255, verbose_name='căn cứ công bố')),
                ('publish_is_assumption', models.BooleanField(default=False, verbose_name='thời hạn công bố là giá trị mặc định')),
                ('site_team_size', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số chuyên gia tổ kiểm tra')),
                ('site_report_working_days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='tổ kiểm tra báo cáo trước phiên họp (ngày làm việc)')),
                ('site_article', models.CharField(blank=True, max_length=255, verbose_name='căn cứ tổ chuyên gia kiểm tra')),
                ('rule_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meeting_rules', to='tasks_kh_cn.ruleset', verbose_name='bộ quy tắc')),
            ],
            options={
                'verbose_name': 'quy tắc phiên họp hội đồng',
                'verbose_name_plural': 'quy tắc phiên họp hội đồng',
            },
        ),
        migrations.CreateModel(
            name='Meeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('round', models.PositiveSmallIntegerField(verbose_name='phiên')),
                ('starts_at', models.DateTimeField(verbose_name='thời gian họp')),
                ('place', models.CharField(blank=True, max_length=255, verbose_name='địa điểm')),
                ('online_link', models.URLField(blank=True, verbose_name='đường dẫn họp trực tuyến')),
                ('agenda', models.TextField(verbose_name='chương trình họp')),
                ('papers_due', models.DateField(verbose_name='hạn gửi tài liệu cho thành viên')),
                ('decision_due', models.DateField(blank=True, null=True, verbose_name='hạn quyết định')),
                ('rule_snapshot', models.JSONField(default=dict, verbose_name='quy tắc tại thời điểm lên lịch')),
                ('scheduled_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ngày lên lịch')),
                ('attendance_recorded_at', models.DateTimeField(blank=True, null=True, verbose_name='ngày điểm danh')),
                ('council', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='councils.council', verbose_name='hội đồng')),
                ('scheduled_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người lên lịch')),
                ('rule', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='councils.meetingrule', verbose_name='quy tắc áp dụng')),
            ],
            options={
                'verbose_name': 'phiên họp hội đồng',
                'verbose_name_plural': 'phiên họp hội đồng',
                'ordering': ['council', 'round'],
            },
        ),
        migrations.CreateModel(
            name='PublishedResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('council_type', models.CharField(choices=[('identification', 'Hội đồng tư vấn xác định nhiệm vụ'), ('selection', 'Hội đồng tư vấn tuyển chọn'), ('direct_assignment', 'Hội đồng tư vấn giao trực tiếp'), ('budget_appraisal', 'Tổ thẩm định kinh phí'), ('acceptance', 'Hội đồng đánh giá nghiệm thu')], max_length=32, verbose_name='loại hội đồng')),
                ('task_name', models.CharField(max_length=500, verbose_name='tên nhiệm vụ')),
                ('host_name', models.CharField(max_length=255, verbose_name='tổ chức chủ trì')),
                ('result', models.CharField(max_length=255, verbose_name='kết quả')),
                ('decision_number', models.CharField(blank=True, max_length=64, verbose_name='số quyết định')),
                ('decision_date', models.DateField(verbose_name='ngày quyết định')),
                ('published_at', models.DateTimeField(verbose_name='ngày công bố')),
                ('publish_due', models.DateField(verbose_name='hạn công bố')),
                ('keep_until', models.DateField(verbose_name='đăng tải đến ít nhất')),
                ('legal_article', models.CharField(max_length=255, verbose_name='căn cứ')),
                ('council', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='published_result', to='councils.council')),
            ],
            options={
                'verbose_name': 'kết quả công bố',
                'verbose_name_plural': 'kết quả công bố',
                'ordering': ['-published_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='SiteTeam',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('visit_on', models.DateField(verbose_name='ngày kiểm tra')),
                ('report_due', models.DateField(blank=True, null=True, verbose_name='hạn báo cáo')),
                ('report', models.TextField(blank=True, verbose_name='báo cáo kiểm tra')),
                ('reported_at', models.DateTimeField(blank=True, null=True, verbose_name='ngày báo cáo')),
                ('formed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ngày thành lập')),
                ('council', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='site_team', to='councils.council', verbose_name='hội đồng')),
                ('formed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thành lập')),
                ('members', models.ManyToManyField(related_name='site_teams', to=settings.AUTH_USER_MODEL, verbose_name='chuyên gia')),
                ('reported_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'tổ chuyên gia kiểm tra',
                'verbose_name_plural': 'tổ chuyên gia kiểm tra',
            },
        ),
        migrations.AddConstraint(
            model_name='meetingrule',
            constraint=models.UniqueConstraint(fields=('rule_set', 'council_type', 'effective_from'), name='unique_meeting_rule_version'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.UniqueConstraint(fields=('council', 'round'), name='unique_meeting_round'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RunPython(seed_meeting_rules, migrations.RunPython.noop),
    ]
