"""The targets of the Thanh Hóa plan 2021–2025 (section 2.2 and the appendix)."""

import datetime

from django.db import migrations

START, END = datetime.date(2021, 1, 1), datetime.date(2025, 12, 31)
TARGETS = [
    ("establishments_trained", 400, "cơ sở", "KH 2021–2025 mục 2.2; Phụ lục mục 1"),
    ("enterprises_supported", 150, "doanh nghiệp", "KH 2021–2025 mục 2.2; Phụ lục mục 3"),
    ("ocop_standard_share", 100, "%", "KH 2021–2025 mục 2.2; Phụ lục mục 3"),
    ("pilot_models_completed", 6, "mô hình", "KH 2021–2025 mục 2.2, 3.4; Phụ lục mục 4"),
    ("advisory_units", 1, "đơn vị", "KH 2021–2025 mục 2.2; Phụ lục mục 5.1"),
    ("experts", 10, "chuyên gia", "KH 2021–2025 mục 2.2; Phụ lục mục 5.1"),
    ("model_enterprises_publicised", 20, "doanh nghiệp", "KH 2021–2025 mục 3.6; Phụ lục mục 6"),
    ("survey_rounds", 1, "cơ sở dữ liệu", "KH 2021–2025 Phụ lục mục 5.2: xong trước 31/12/2022, cập nhật 6 tháng/lần"),
]


def forwards(apps, schema_editor):
    PlanTarget = apps.get_model("plan", "PlanTarget")
    for order, (measure, target, unit, source) in enumerate(TARGETS):
        PlanTarget.objects.get_or_create(measure=measure, defaults={
            "target": target, "unit": unit, "source": source, "order": order,
            "period_start": START, "period_end": END,
        })


class Migration(migrations.Migration):
    dependencies = [("plan", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
