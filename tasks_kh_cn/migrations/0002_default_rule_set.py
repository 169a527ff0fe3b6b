"""The default rule set: the 2023 circulars for provincial tasks, and the dossiers they require."""

import datetime

from django.db import migrations

LEGAL_BASIS = (
    "TT 06/2023/TT-BKHCN (xác định nhiệm vụ); TT 20/2023/TT-BKHCN (tuyển chọn, giao trực tiếp); "
    "TT 11/2014/TT-BKHCN (đánh giá nghiệm thu); TT 09/2014/TT-BKHCN, TT 04/2015/TT-BKHCN "
    "(kiểm tra, điều chỉnh); TTLT 27/2015/TTLT-BKHCN-BTC (khoán chi, tạm ứng); TT 35/2021/TT-BTC"
)

REQUIRED = {
    # TT 06/2023: the proposal form (A1/A2/A3-ĐXNV).
    "proposal": [("", "proposal_form")],
    # TT 20/2023 art. 5: the application dossier.
    "appraisal": [
        ("", "application"), ("", "technical_proposal"), ("", "budget_estimate"),
        ("", "organisation_profile"), ("", "leader_cv"), ("", "legal_status"),
        ("enterprise_support", "quotation"),
    ],
    # TT 11/2014 art. 6: the acceptance dossier.
    "acceptance": [
        ("", "acceptance_request"), ("", "final_report"), ("", "summary_report"),
        ("", "product_report"), ("", "self_evaluation"), ("", "funds_report"),
    ],
}
SOURCES = {"proposal": "TT 06/2023/TT-BKHCN", "appraisal": "TT 20/2023/TT-BKHCN Điều 5",
           "acceptance": "TT 11/2014/TT-BKHCN Điều 6"}


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("tasks_kh_cn", "RuleSet")
    RequiredDocument = apps.get_model("tasks_kh_cn", "RequiredDocument")
    rule_set, _ = RuleSet.objects.get_or_create(
        code="thanh-hoa-2023",
        defaults={
            "name": "Nhiệm vụ KH&CN cấp tỉnh — các thông tư năm 2023",
            "legal_basis": LEGAL_BASIS,
            "effective_from": datetime.date(2023, 11, 27),
            "notes": "Mặc định theo văn bản trung ương; tỉnh có thể ban hành quy định riêng.",
        },
    )
    for stage, items in REQUIRED.items():
        for case_kind, document_kind in items:
            RequiredDocument.objects.get_or_create(
                rule_set=rule_set, stage=stage, case_kind=case_kind, document_kind=document_kind,
                defaults={"legal_basis": SOURCES[stage]},
            )


class Migration(migrations.Migration):
    dependencies = [("tasks_kh_cn", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
