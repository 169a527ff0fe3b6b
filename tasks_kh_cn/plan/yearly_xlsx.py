"""The yearly report's annex as an Excel workbook: targets, by year, by district, funding.

In Vietnamese whatever the page's language, as the report (``yearly.REPORT_LANGUAGE``). The
figures stay numbers with a number format, so Excel sums them and writes them in its
reader's notation (``1.234,5`` in a Vietnamese Excel); years and row numbers stay plain.
"""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .statistics import district_names
from .yearly import REPORT_LANGUAGE, YearlyFigures

WHOLE, DECIMAL = "#,##0", "#,##0.0##"


def _sheet(wb, title, header, rows, widths, figures=()):
    """``figures``: the columns (from 1) that hold quantities, grouped by thousands."""
    ws = wb.create_sheet(title[:31])
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            if cell.column in figures and isinstance(cell.value, int | float):
                cell.number_format = WHOLE if isinstance(cell.value, int) else DECIMAL
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, index).column_letter].width = width
    return ws


def _number(value):
    """Whole figures as int, shares as float: Excel sums them either way, no rounding lost."""
    return int(value) if value == int(value) else float(value)


def yearly_xlsx(f: YearlyFigures) -> bytes:
    with translation.override(REPORT_LANGUAGE):
        wb = Workbook()
        wb.remove(wb.active)
        _sheet(wb, _("Chỉ tiêu"), [
            _("STT"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Kế hoạch 2021–2025"),
            _("Chỉ tiêu đến cuối năm"), _("Thực hiện trong năm"), _("Lũy kế"), _("Tỷ lệ (%)"),
            _("Đánh giá"), _("Ghi chú"), _("Căn cứ")], [
            (n, r.progress.label, r.progress.unit, _number(r.progress.target), _number(r.year_target),
             _number(r.in_year), _number(r.cumulative), r.progress.percent, r.progress.status_label,
             r.progress.detail, r.progress.source) for n, r in enumerate(f.rows, start=1)],
            (6, 48, 12, 12, 12, 12, 12, 10, 16, 40, 36), figures=range(4, 9))
        drillable = [r for r in f.rows if r.stats.drillable]
        _sheet(wb, _("Theo năm"), [_("Chỉ tiêu")] + [str(y) for y in f.years], [
            [r.progress.label] + [r.stats.cumulative(f.years).get(y, 0) for y in f.years]
            for r in drillable], [48] + [10] * len(f.years), figures=range(2, len(f.years) + 2))
        names = district_names()
        districts = sorted({d for r in f.rows for d in r.stats.by_district},
                           key=lambda d: names.get(d, d))
        _sheet(wb, _("Theo huyện"), [_("Huyện, thị xã, thành phố")] + [r.progress.label for r in f.rows], [
            [names.get(d, d)] + [_number(r.stats.by_district.get(d, 0)) for r in f.rows]
            for d in districts], [28] + [16] * len(f.rows), figures=range(2, len(f.rows) + 2))
        _sheet(wb, _("Kinh phí"), [_("Năm"), _("Ngân sách tỉnh (đồng)"),
                                   _("Kinh phí của doanh nghiệp (đồng)"), _("Tổng (đồng)")],
               [(r.year, r.state, r.enterprise, r.total) for r in f.funding], (8, 22, 26, 22),
               figures=(2, 3, 4))
        _sheet(wb, _("Tập huấn"), [_("Chủ đề"), _("Số lớp trong năm")], f.classes_by_topic, (48, 16),
               figures=(2,))
        buffer = io.BytesIO()
        wb.save(buffer)
    return buffer.getvalue()
