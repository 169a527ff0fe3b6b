"""Council rules and ballot criteria for the default rule set "thanh-hoa-2023" (REGULATIONS.md B1, B2, B5)."""

import datetime

from django.db import migrations

TT06 = "TT 06/2023/TT-BKHCN"
TT20 = "TT 20/2023/TT-BKHCN"
TT11 = "TT 11/2014/TT-BKHCN"
SELECTION_PARAMETERS = {
    # TT 20/2023: winner ≥70/100, no criterion 0 from more than 1/4 of members present,
    # a ballot more than 20% off the mean is invalid, +10% when host is also proposer.
    "min_average": 70, "zero_more_than": "1/4", "deviation_more_than": "1/5", "bonus": "1/10",
    "content_criterion": "content_methods",
}

RULES = [
    # (type, min, max, reviewers, quorum, chair, reviewers needed, secretary, due days, params, source)
    ("identification", 7, 11, 2, "2/3", True, True, True, 5, {"pass_more_than": "3/4"},
     f"{TT06}: hội đồng 7–11 thành viên, 2 ủy viên phản biện; có mặt ≥2/3 gồm chủ tịch "
     "(hoặc phó chủ tịch được ủy quyền), ủy viên phản biện, thư ký; đạt khi >3/4 phiếu "
     "“Đạt yêu cầu”"),
    ("selection", 7, 9, 2, "2/3", True, True, False, 7, SELECTION_PARAMETERS,
     f"{TT20}: hội đồng 7–9 thành viên; có mặt ≥2/3 gồm chủ tịch (hoặc phó chủ tịch được "
     "ủy quyền) và 2 ủy viên phản biện; thang 100 điểm"),
    ("direct_assignment", 7, 9, 2, "2/3", True, True, False, 7, SELECTION_PARAMETERS,
     f"{TT20} Điều 21: giao trực tiếp theo trình tự như tuyển chọn"),
    ("budget_appraisal", 5, 5, 0, "4/5", False, False, False, 3, {},
     f"{TT20}: tổ thẩm định kinh phí 5 thành viên, có mặt ≥4/5; gửi tài liệu ≥3 ngày "
     "làm việc trước phiên họp"),
    ("acceptance", 9, 9, 2, "2/3", True, True, True, 7,
     {"excellent_at_least": "3/4", "fail_more_than": "1/3", "late_filing_months": 6,
      "filing_days": 30},
     f"{TT11}: hội đồng 9 thành viên (6 chuyên gia, 3 đại diện, 2 phản biện); có mặt ≥2/3 "
     "gồm chủ tịch (hoặc phó chủ tịch được ủy quyền), 2 phản biện, thư ký; Xuất sắc khi ≥3/4 "
     "Xuất sắc và không có Không đạt; Không đạt khi >1/3; nộp hồ sơ chậm quá 6 tháng: Không đạt"),
]

CRITERIA = {
    # TT 06/2023 [U: exact wording of the annex not verified]: each criterion Đạt / Không đạt.
    "identification": [
        ("urgency", "Tính cấp thiết của nhiệm vụ", "pass_fail", None),
        ("novelty", "Tính mới, không trùng lặp với nhiệm vụ đã và đang thực hiện", "pass_fail",
         None),
        ("feasibility", "Tính khả thi về mục tiêu, nội dung, thời gian", "pass_fail", None),
        ("applicability", "Khả năng ứng dụng, địa chỉ ứng dụng kết quả", "pass_fail", None),
    ],
    # TT 20/2023 annex, applied R&D topics: 12 + 24 + 16 + 16 + 16 + 16 = 100.
    "selection": [
        ("overview", "Tổng quan tình hình nghiên cứu, luận giải sự cần thiết", "points", 12),
        ("content_methods", "Nội dung và phương pháp nghiên cứu", "points", 24),
        ("products", "Sản phẩm của nhiệm vụ", "points", 16),
        ("applicability", "Khả năng ứng dụng kết quả", "points", 16),
        ("feasibility_budget", "Tính khả thi của kế hoạch và kinh phí", "points", 16),
        ("capacity", "Năng lực của tổ chức chủ trì và chủ nhiệm nhiệm vụ", "points", 16),
    ],
    "budget_appraisal": [
        ("appraised_budget", "Kinh phí đề nghị phê duyệt (VNĐ)", "amount", None),
    ],
    # TT 11/2014: each product and the final report rated Xuất sắc / Đạt / Không đạt; the
    # products come from the council (``Council.products``), the report is fixed.
    "acceptance": [
        ("report", "Báo cáo tổng hợp kết quả nhiệm vụ", "rating", None),
    ],
}
CRITERIA["direct_assignment"] = CRITERIA["selection"]
SOURCES = {"identification": TT06, "selection": TT20, "direct_assignment": TT20,
           "budget_appraisal": TT20, "acceptance": TT11}


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("tasks_kh_cn", "RuleSet")
    CouncilRule = apps.get_model("councils", "CouncilRule")
    Criterion = apps.get_model("councils", "Criterion")
    rule_set = RuleSet.objects.filter(code="thanh-hoa-2023").first()
    if rule_set is None:
        return
    effective = datetime.date(2023, 11, 27)
    for (kind, low, high, reviewers, quorum, chair, need_reviewers, secretary, due, params,
         source) in RULES:
        CouncilRule.objects.get_or_create(
            rule_set=rule_set, council_type=kind, effective_from=effective,
            defaults=dict(min_members=low, max_members=high, reviewers=reviewers, quorum=quorum,
                          quorum_needs_chair=chair, quorum_needs_reviewers=need_reviewers,
                          quorum_needs_secretary=secretary, ballots_due_days=due,
                          parameters=params, legal_basis=source),
        )
    for kind, rows in CRITERIA.items():
        for position, (code, label, scale, max_score) in enumerate(rows, 1):
            Criterion.objects.get_or_create(
                rule_set=rule_set, council_type=kind, task_kind="", code=code,
                defaults=dict(label=label, scale=scale, max_score=max_score, position=position,
                              legal_basis=SOURCES[kind]),
            )


class Migration(migrations.Migration):
    dependencies = [("councils", "0001_initial"), ("tasks_kh_cn", "0002_default_rule_set")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
