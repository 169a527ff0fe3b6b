"""The yearly report as an Excel workbook (openpyxl)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

FILLS = {"met": "C6EFCE", "on_track": "FFEB9C", "behind": "FFC7CE"}


def progress_workbook(rows, as_of) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Chỉ tiêu")[:31]
    ws.append([_("BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH NÂNG CAO NĂNG SUẤT, CHẤT LƯỢNG 2021–2025")])
    ws.append([_("Số liệu đến ngày %(date)s; lập lúc %(now)s") % {
        "date": as_of.strftime("%d/%m/%Y"),
        "now": timezone.localtime().strftime("%H:%M %d/%m/%Y")}])
    ws.append([])
    header = [_("STT"), _("Chỉ tiêu"), _("Kế hoạch"), _("Thực hiện"), _("Đơn vị tính"), _("Tỷ lệ (%)"),
              _("Đánh giá"), _("Ghi chú"), _("Căn cứ")]
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=13)
    for number, row in enumerate(rows, start=1):
        ws.append([number, row.label, float(row.target), float(row.value), row.unit, row.percent,
                   row.status_label, row.detail, row.source])
        ws.cell(ws.max_row, 7).fill = PatternFill("solid", fgColor=FILLS[row.status])
    for column, width in zip("ABCDEFGHI", (6, 52, 11, 11, 14, 10, 16, 48, 40), strict=True):
        ws.column_dimensions[column].width = width
    for line in ws.iter_rows(min_row=5):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
