"""Seed the productivity/quality indicators measured at steps 1 and 6 (plan 3.4 (1), (6))."""

from django.db import migrations

INDICATORS = [
    ("labour-productivity", "Năng suất lao động", "VNĐ/lao động/năm", "higher",
     "Giá trị gia tăng (hoặc doanh thu) chia cho số lao động bình quân."),
    ("defect-rate", "Tỷ lệ sản phẩm lỗi", "%", "lower", "Số sản phẩm lỗi / tổng sản phẩm × 100."),
    ("on-time-delivery", "Tỷ lệ giao hàng đúng hạn", "%", "higher", ""),
    ("energy-per-unit", "Tiêu hao năng lượng trên đơn vị sản phẩm", "kWh/đơn vị sản phẩm", "lower",
     ""),
    ("customer-complaints", "Số khiếu nại của khách hàng", "vụ/năm", "lower", ""),
    ("unit-cost", "Chi phí sản xuất trên đơn vị sản phẩm", "VNĐ/đơn vị sản phẩm", "lower", ""),
]


def forwards(apps, schema_editor):
    Indicator = apps.get_model("pilots", "Indicator")
    for position, (code, name, unit, direction, description) in enumerate(INDICATORS):
        Indicator.objects.get_or_create(code=code, defaults=dict(
            name=name, unit=unit, direction=direction, description=description, position=position))


class Migration(migrations.Migration):
    dependencies = [("pilots", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
