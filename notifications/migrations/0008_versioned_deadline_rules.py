"""Deadline rules become dated versions, each with its article, start and day-off flag.

Corrects the seeded rows of "thanh-hoa-2023" where the start moment was entered wrong
(issue 11; REGULATIONS.md B1–B5): data-entry corrections of the one version, not new
legal versions:
- identification decision: 15 days from the council meeting (the council's closed session
  stands for the meeting until meetings are recorded), not from ``accept_proposal``;
- dossier opening: 7 working days from the call's closing date, not from each submission;
- acceptance council: *formed* within 15 working days of a valid dossier;
- advance settlement: within 4 months of the task's end, not of recognition;
- the extension cut-off counts backwards and never moves to a later working day.
"""

import datetime
from django.db import migrations, models


UNNUMBERED = " (số điều chưa đối chiếu)"

# code → fields to set on the seeded row.
FIXES = {
    "proposal_resubmission": {"legal_article": "Không quy định thời hạn bổ sung; mặc định của tỉnh"},
    "identification_decision": {
        "trigger": "council_round_closed:identification", "satisfied_by": ["list_task", "reject"],
        "is_default_assumption": False,
        "legal_article": "Xem xét trong 15 ngày kể từ phiên họp hội đồng" + UNNUMBERED},
    "dossier_opening": {
        "anchor": "call_close",
        "legal_article": "Mở hồ sơ trong 7 ngày làm việc kể từ ngày hết hạn nhận hồ sơ"
                         + UNNUMBERED},
    "dossier_reopening": {
        "is_default_assumption": True,
        "legal_article": "Không quy định mở lại hồ sơ đã bổ sung; mặc định 7 ngày làm việc"},
    "dossier_resubmission": {"legal_article": "Không quy định thời hạn bổ sung; mặc định của tỉnh"},
    "winner_revision": {"legal_article": "Hoàn thiện trong 20 ngày" + UNNUMBERED},
    "budget_appraisal": {"legal_article": "Thẩm định trong 10 ngày kể từ khi nhận hồ sơ"
                                          + UNNUMBERED},
    "approval_submission": {"legal_article": "Trình phê duyệt trong 15 ngày" + UNNUMBERED},
    "contract_end": {"legal_article": "Thời gian thực hiện theo quyết định phê duyệt"},
    "extension_request_cutoff": {
        "roll_to_working_day": False,
        "legal_article": "Đề nghị gia hạn ít nhất 01 tháng trước khi kết thúc hợp đồng"
                         + UNNUMBERED},
    "periodic_report": {"legal_article": "Điều 9: báo cáo định kỳ 6 tháng"},
    "acceptance_dossier": {"legal_article": "Nộp hồ sơ trong 30 ngày kể từ ngày kết thúc hợp đồng"
                                            + UNNUMBERED},
    "acceptance_validity_check": {"legal_article": "Kiểm tra trong 3 ngày làm việc" + UNNUMBERED},
    "acceptance_revalidity_check": {"legal_article": "Kiểm tra trong 3 ngày làm việc"
                                                     + UNNUMBERED},
    "acceptance_gap_fix": {"legal_article": "Bổ sung trong 5 ngày làm việc" + UNNUMBERED},
    "acceptance_council": {
        "satisfied_by": ["council_formed:acceptance"],
        "cancelled_by": ["record_acceptance", "fail_acceptance"],
        "legal_article": "Thành lập hội đồng trong 15 ngày làm việc kể từ khi hồ sơ hợp lệ"
                         + UNNUMBERED},
    "post_review_revision": {"legal_article": "Hoàn thiện trong 30 ngày làm việc" + UNNUMBERED},
    "recognition_decision": {"legal_article": "Công nhận trong 10 ngày làm việc kể từ khi nhận "
                                              "đủ hồ sơ" + UNNUMBERED},
    "advance_settlement": {
        "trigger": "countersign_contract", "anchor": "case_end", "depends_on": "contract_end",
        "satisfied_by": ["settle"], "cancelled_by": [], "is_default_assumption": False,
        "legal_article": "Điều 13: thanh toán tạm ứng trong 4 tháng kể từ khi kết thúc nhiệm vụ"},
}


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("tasks_kh_cn", "RuleSet")
    DeadlineRule = apps.get_model("notifications", "DeadlineRule")
    rule_set = RuleSet.objects.filter(code="thanh-hoa-2023").first()
    if rule_set is None:
        return
    DeadlineRule.objects.filter(rule_set=rule_set).update(effective_from=rule_set.effective_from)
    for code, fields in FIXES.items():
        DeadlineRule.objects.filter(rule_set=rule_set, code=code).update(**fields)


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0007_deadline_outside_cases'),
        ('tasks_kh_cn', '0006_rule_versions_and_eligibility'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='deadlinerule',
            name='unique_deadline_rule_code',
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='effective_from',
            field=models.DateField(default=datetime.date(2023, 11, 27), verbose_name='hiệu lực từ'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='roll_to_working_day',
            field=models.BooleanField(default=True, help_text='Bộ luật Dân sự 2015 Điều 148: thời hạn tính theo ngày, tháng mà ngày cuối là ngày nghỉ thì kết thúc vào ngày làm việc tiếp theo. Bỏ chọn nếu văn bản quy định khác.', verbose_name='hạn rơi vào ngày nghỉ thì chuyển sang ngày làm việc tiếp theo'),
        ),
        migrations.AlterField(
            model_name='deadlinerule',
            name='anchor',
            field=models.CharField(choices=[('transition', 'Ngày thực hiện thao tác'), ('case_start', 'Ngày bắt đầu thực hiện hợp đồng'), ('case_end', 'Ngày kết thúc hợp đồng'), ('call_close', 'Ngày hết hạn nhận hồ sơ của đợt thông báo')], default='transition', max_length=16, verbose_name='mốc tính'),
        ),
        migrations.AddConstraint(
            model_name='deadlinerule',
            constraint=models.UniqueConstraint(fields=('rule_set', 'code', 'effective_from'), name='unique_deadline_rule_version'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
