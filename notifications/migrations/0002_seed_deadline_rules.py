"""Deadline rules of rule set "thanh-hoa-2023" and the default reminder policy.

Every figure comes from REGULATIONS.md with its source; where the texts set no
figure ([U]) the rule is a provincial default flagged ``is_default_assumption``.
"""

import datetime

from django.db import migrations

TT06 = "TT 06/2023/TT-BKHCN"
TT20 = "TT 20/2023/TT-BKHCN"
TT09 = "TT 09/2014/TT-BKHCN"
TT11 = "TT 11/2014/TT-BKHCN"
TTLT27 = "TTLT 27/2015/TTLT-BKHCN-BTC"

# (code, title, trigger, satisfied_by, cancelled_by, owed_by, anchor, amount, unit,
#  extra fields, legal_basis, article)
RULES = [
    ("proposal_resubmission", "Nộp lại đề xuất đã bổ sung", "return_proposal", ["resubmit"], [],
     "enterprise", "transition", 10, "working_days",
     {"payload_field": "due_working_days", "is_default_assumption": True}, TT06,
     "Không quy định thời hạn bổ sung; mặc định của tỉnh"),
    ("identification_decision", "Phê duyệt kết quả xác định nhiệm vụ", "accept_proposal",
     ["list_task", "reject"], [], "approver", "transition", 15, "calendar_days",
     {"is_default_assumption": True}, TT06, "Xem xét trong 15 ngày sau phiên họp hội đồng"),
    ("dossier_opening", "Mở hồ sơ đăng ký", "submit_dossier", ["open_dossier", "return_dossier"],
     [], "officer", "transition", 7, "working_days", {}, TT20, "Mở hồ sơ trong 7 ngày làm việc"),
    ("dossier_reopening", "Mở hồ sơ đăng ký đã bổ sung", "resubmit_dossier",
     ["open_dossier", "return_dossier"], [], "officer", "transition", 7, "working_days", {}, TT20,
     "Mở hồ sơ trong 7 ngày làm việc"),
    ("dossier_resubmission", "Nộp lại hồ sơ đăng ký đã bổ sung", "return_dossier",
     ["resubmit_dossier"], [], "enterprise", "transition", 10, "working_days",
     {"payload_field": "due_working_days", "is_default_assumption": True}, TT20,
     "Không quy định thời hạn bổ sung; mặc định của tỉnh"),
    ("winner_revision", "Hoàn thiện thuyết minh theo kết luận hội đồng", "select",
     ["submit_revision"], [], "enterprise", "transition", 20, "calendar_days", {}, TT20,
     "Hoàn thiện trong 20 ngày"),
    ("budget_appraisal", "Họp tổ thẩm định kinh phí", "submit_revision", ["appraise_budget"], [],
     "finance", "transition", 10, "calendar_days", {}, TT20,
     "Thẩm định trong 10 ngày kể từ khi nhận hồ sơ"),
    ("approval_submission", "Trình phê duyệt nhiệm vụ", "appraise_budget", ["approve"], [],
     "approver", "transition", 15, "calendar_days", {}, TT20, "Trình phê duyệt trong 15 ngày"),
    ("contract_end", "Kết thúc thực hiện hợp đồng", "countersign_contract",
     ["finish_implementation"], [], "enterprise", "case_end", 0, "calendar_days", {}, TT09,
     "Thời gian thực hiện theo quyết định phê duyệt"),
    ("extension_request_cutoff", "Hạn cuối đề nghị gia hạn (ít nhất 1 tháng trước khi kết thúc)",
     "countersign_contract", [], ["finish_implementation"], "enterprise", "case_end", -1,
     "months", {"depends_on": "contract_end"}, TT09, "Đề nghị gia hạn ít nhất 01 tháng trước"),
    ("periodic_report", "Báo cáo định kỳ (6 tháng)", "countersign_contract", [],
     ["finish_implementation"], "enterprise", "case_start", 6, "months",
     {"repeat_until_end": True}, TT09, "Điều 9: báo cáo định kỳ 6 tháng"),
    ("acceptance_dossier", "Nộp hồ sơ đánh giá nghiệm thu", "countersign_contract",
     ["submit_acceptance"], [], "enterprise", "case_end", 30, "calendar_days",
     {"depends_on": "contract_end"}, TT11, "Trong 30 ngày kể từ ngày kết thúc hợp đồng"),
    ("acceptance_validity_check", "Kiểm tra tính hợp lệ hồ sơ nghiệm thu", "submit_acceptance",
     ["accept_acceptance_dossier", "return_acceptance"], [], "officer", "transition", 3,
     "working_days", {}, TT11, "Kiểm tra trong 3 ngày làm việc"),
    ("acceptance_revalidity_check", "Kiểm tra hồ sơ nghiệm thu đã bổ sung", "resubmit_acceptance",
     ["accept_acceptance_dossier", "return_acceptance"], [], "officer", "transition", 3,
     "working_days", {}, TT11, "Kiểm tra trong 3 ngày làm việc"),
    ("acceptance_gap_fix", "Bổ sung hồ sơ nghiệm thu", "return_acceptance",
     ["resubmit_acceptance"], [], "enterprise", "transition", 5, "working_days",
     {"payload_field": "due_working_days"}, TT11, "Bổ sung trong 5 ngày làm việc"),
    ("acceptance_council", "Thành lập hội đồng đánh giá nghiệm thu", "accept_acceptance_dossier",
     ["record_acceptance", "fail_acceptance"], [], "officer", "transition", 15, "working_days",
     {}, TT11, "Thành lập hội đồng trong 15 ngày làm việc"),
    ("post_review_revision", "Hoàn thiện hồ sơ sau nghiệm thu", "record_acceptance",
     ["submit_final_revision"], [], "enterprise", "transition", 30, "working_days", {}, TT11,
     "Hoàn thiện trong 30 ngày làm việc"),
    ("recognition_decision", "Quyết định công nhận kết quả", "submit_final_revision",
     ["recognise"], [], "approver", "transition", 10, "working_days", {}, TT11,
     "Công nhận trong 10 ngày làm việc"),
    ("advance_settlement", "Quyết toán tạm ứng", "recognise", ["settle"], [], "finance",
     "transition", 4, "months", {"is_default_assumption": True}, TTLT27,
     "Điều 13: quyết toán trong 4 tháng sau khi kết thúc (tính từ ngày công nhận)"),
]

STEPS = [("d-7", -7, False), ("d-3", -3, False), ("d-1", -1, False), ("d0", 0, False),
         ("d+1", 1, False), ("d+7", 7, True)]


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("tasks_kh_cn", "RuleSet")
    DeadlineRule = apps.get_model("notifications", "DeadlineRule")
    ReminderPolicy = apps.get_model("notifications", "ReminderPolicy")
    ReminderStep = apps.get_model("notifications", "ReminderStep")
    rule_set = RuleSet.objects.filter(code="thanh-hoa-2023").first()
    # Tests re-run this after a flush with today's models, whose rules carry a version date.
    versioned = any(f.name == "effective_from" for f in DeadlineRule._meta.get_fields())
    version = {"effective_from": rule_set.effective_from} if versioned and rule_set else {}
    if rule_set is not None:
        for position, row in enumerate(RULES):
            (code, title, trigger, satisfied, cancelled, owed_by, anchor, amount, unit, extra,
             basis, article) = row
            DeadlineRule.objects.update_or_create(
                rule_set=rule_set, code=code, **version,
                defaults=dict(title=title, position=position, trigger=trigger,
                              satisfied_by=satisfied, cancelled_by=cancelled, owed_by=owed_by,
                              anchor=anchor, amount=amount, unit=unit, legal_basis=basis,
                              legal_article=article, **extra),
            )
    policy, _ = ReminderPolicy.objects.get_or_create(
        name="Mặc định: 7, 3, 1 ngày trước hạn; đúng hạn; 1 và 7 ngày sau hạn",
        defaults=dict(send_time=datetime.time(8, 0), quiet_start=datetime.time(21, 0),
                      quiet_end=datetime.time(7, 0), digest_time=datetime.time(7, 30)),
    )
    for code, offset, escalate in STEPS:
        ReminderStep.objects.get_or_create(policy=policy, code=code,
                                           defaults={"offset_days": offset, "escalate": escalate})


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("tasks_kh_cn", "0002_default_rule_set"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
