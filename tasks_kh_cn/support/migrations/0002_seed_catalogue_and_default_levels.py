"""Seed the TT 35/2021 support catalogue and the DEFAULT support levels (marked as an assumption).

TT 35/2021/TT-BTC art. 11(1): the HĐND tỉnh sets the concrete levels; no Thanh Hóa
resolution was found, so the shipped levels are NĐ 80/2021/NĐ-CP art. 13's
consulting shares for SMEs, flagged ``is_default_assumption`` for an administrator
to replace with the resolution's figures (a new, dated policy).
"""

import datetime

from django.db import migrations

CERT = "Giấy chứng nhận (số, tổ chức chứng nhận, thời hạn hiệu lực); báo cáo đánh giá chứng nhận."
TOOL = "Báo cáo đánh giá kết quả áp dụng của tổ chức tư vấn/chuyên gia; hồ sơ duy trì định kỳ."

# (code, name, group, requires_certificate, requires_audit_report, evidence, description)
ITEMS = [
    ("iso-9001", "Hệ thống quản lý chất lượng ISO 9001", "a", True, True, CERT,
     "TCVN ISO 9001 — hệ thống quản lý cơ bản."),
    ("iso-22000", "Hệ thống quản lý an toàn thực phẩm ISO 22000", "a", True, True, CERT,
     "TCVN ISO 22000 — hệ thống quản lý đặc thù ngành thực phẩm."),
    ("haccp", "Hệ thống phân tích mối nguy và kiểm soát điểm tới hạn HACCP", "a", True, True, CERT,
     "TCVN 5603 / HACCP."),
    ("5s", "Công cụ 5S", "a", False, True, TOOL, "Công cụ cải tiến năng suất chất lượng cơ bản."),
    ("kaizen", "Công cụ Kaizen", "a", False, True, TOOL, ""),
    ("lean", "Sản xuất tinh gọn (Lean)", "a", False, True, TOOL, ""),
    ("tpm", "Duy trì năng suất toàn diện (TPM)", "a", False, True, TOOL, ""),
    ("kpi", "Chỉ số đánh giá hiệu suất (KPI)", "a", False, True, TOOL, ""),
    ("measurement-assurance", "Chương trình đảm bảo đo lường trong doanh nghiệp", "a", False, True,
     "Báo cáo đánh giá chương trình đảm bảo đo lường theo QĐ 510/QĐ-BKHCN; giấy chứng nhận "
     "kiểm định/hiệu chuẩn phương tiện đo.",
     "Theo Quyết định 510/QĐ-BKHCN ngày 17/3/2021 (Hướng dẫn xây dựng, áp dụng chương trình "
     "đảm bảo đo lường trong doanh nghiệp)."),
    ("new-management-standard", "Tiêu chuẩn hệ thống quản lý mới được công bố", "a", True, True,
     CERT, "Các tiêu chuẩn về hệ thống quản lý mới được công bố (TT 35/2021 Điều 9 khoản 1 điểm a)."),
    ("vietgap", "Thực hành nông nghiệp tốt VietGAP", "b", True, True, CERT, ""),
    ("globalgap", "Thực hành nông nghiệp tốt toàn cầu GlobalGAP", "b", True, True, CERT, ""),
    ("organic", "Sản xuất nông nghiệp hữu cơ", "b", True, True, CERT, "TCVN 11041 (hữu cơ)."),
    ("traceability", "Hệ thống truy xuất nguồn gốc sản phẩm, hàng hóa", "b", False, True,
     "Báo cáo đánh giá hệ thống truy xuất; mã truy xuất đang hoạt động.", ""),
    ("digital-management", "Ứng dụng công nghệ thông tin, công nghệ số trong quản trị doanh nghiệp",
     "c", False, True, "Biên bản nghiệm thu hệ thống; báo cáo vận hành.",
     "Thiết lập, tối ưu hóa, hiện đại hóa hệ thống quản trị doanh nghiệp."),
    ("product-certification", "Chứng nhận sản phẩm, hàng hóa phù hợp tiêu chuẩn", "d", True, True,
     CERT, ""),
    ("food-safety-certification", "Chứng nhận hệ thống quản lý an toàn thực phẩm", "d", True, True,
     CERT, ""),
    ("environment-certification", "Chứng nhận hệ thống quản lý môi trường (ISO 14001)", "d", True,
     True, CERT, ""),
    ("energy-certification", "Chứng nhận hệ thống quản lý năng lượng (ISO 50001)", "d", True, True,
     CERT, ""),
    ("ohs-certification", "Chứng nhận hệ thống quản lý an toàn và sức khỏe nghề nghiệp (ISO 45001)",
     "d", True, True, CERT, ""),
    ("traceability-certification", "Chứng nhận hệ thống truy xuất nguồn gốc", "d", True, True, CERT,
     ""),
]

# NĐ 80/2021 art. 13 (consulting for SMEs) as the known reference: share %, ceiling VND/year.
DEFAULT_LEVELS = [
    ("micro", "100", 50_000_000),
    ("small", "50", 100_000_000),
    ("medium", "30", 150_000_000),
    ("large", "0", 0),  # no support for large enterprises by default
]


def forwards(apps, schema_editor):
    SupportItem = apps.get_model("support", "SupportItem")
    SupportPolicy = apps.get_model("support", "SupportPolicy")
    SupportLevel = apps.get_model("support", "SupportLevel")
    for position, (code, name, group, cert, report, evidence, description) in enumerate(ITEMS):
        SupportItem.objects.get_or_create(code=code, defaults=dict(
            name=name, group=group, requires_certificate=cert, requires_audit_report=report,
            evidence_required=evidence, description=description, position=position,
            legal_basis="TT 35/2021/TT-BTC Điều 9 khoản 1 điểm " + group,
        ))
    policy, created = SupportPolicy.objects.get_or_create(
        name="Mức hỗ trợ mặc định (giả định, tham chiếu Điều 13 NĐ 80/2021/NĐ-CP)",
        defaults=dict(
            legal_basis="TT 35/2021/TT-BTC Điều 11 khoản 1 (HĐND tỉnh quy định mức cụ thể — chưa "
                        "có nghị quyết); tham chiếu NĐ 80/2021/NĐ-CP Điều 13 (hỗ trợ tư vấn DNNVV).",
            effective_from=datetime.date(2021, 7, 5),
            is_default_assumption=True, repeat_window_months=36, maintenance_check_months=12,
            notes="Giả định mặc định: cần thay bằng mức của nghị quyết HĐND tỉnh Thanh Hóa.",
        ),
    )
    if created:
        for size, share, ceiling in DEFAULT_LEVELS:
            SupportLevel.objects.create(policy=policy, size_class=size, share_percent=share,
                                        ceiling=ceiling)


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
