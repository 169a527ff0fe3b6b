"""The yearly report to the Chairman of UBND tỉnh as a Vietnamese DOCX (python-docx).

Its parts follow the plan: the tasks of section 3 (3.1 training … 3.6 publicity), the
targets of section 2.2 and the appendix, the funding of section 4, then an assessment.
The figures come from ``yearly.yearly_figures``, the same as the statistics dashboard.
Always in Vietnamese (``REPORT_LANGUAGE``, see ``yearly``), its numbers too: ``1.234``,
``82,1``, never ``400.00`` (the targets are DecimalFields) nor ``82.1``.
"""

import io

from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from tasks_kh_cn.numbers import localized, money

from .yearly import REPORT_LANGUAGE, M, YearlyFigures


def _centered(doc, text, *, bold=False, size=13):
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    return paragraph


def _table(doc, header, rows):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)
    return table


def _tasks(doc, f: YearlyFigures):
    doc.add_heading(_("I. KẾT QUẢ TRIỂN KHAI CÁC NHIỆM VỤ CỦA KẾ HOẠCH"), level=1)
    trained = f.row(M.ESTABLISHMENTS_TRAINED)
    doc.add_heading(_("1. Tập huấn cho doanh nghiệp, chủ thể OCOP (mục 3.1)"), level=2)
    doc.add_paragraph(_(
        "Trong năm %(year)s tổ chức %(classes)s lớp tập huấn cho %(in_year)s cơ sở; lũy kế từ đầu "
        "kỳ kế hoạch %(total)s cơ sở được tập huấn (%(detail)s).") % {
        "year": f.year, "classes": localized(sum(n for _label, n in f.classes_by_topic)),
        "in_year": localized(trained.in_year), "total": localized(trained.cumulative),
        "detail": trained.progress.detail})
    for label, n in f.classes_by_topic:
        doc.add_paragraph(_("%(topic)s: %(n)s lớp") % {"topic": label, "n": localized(n)},
                          style="List Bullet")
    doc.add_heading(_("2. Lồng ghép yêu cầu năng suất, chất lượng (mục 3.2)"), level=2)
    doc.add_paragraph(_("Các sở, ngành, địa phương báo cáo riêng; hệ thống chưa theo dõi nội dung này."))
    supported, share = f.row(M.ENTERPRISES_SUPPORTED), f.row(M.OCOP_STANDARD_SHARE)
    doc.add_heading(_("3. Hỗ trợ doanh nghiệp (mục 3.3)"), level=2)
    doc.add_paragraph(_(
        "Trong năm %(year)s hoàn thành hỗ trợ %(in_year)s doanh nghiệp; lũy kế %(total)s doanh nghiệp "
        "(%(detail)s). Tỷ lệ chủ thể OCOP, sản phẩm chủ lực công bố tiêu chuẩn: %(share)s%% "
        "(%(share_detail)s).") % {
        "year": f.year, "in_year": localized(supported.in_year),
        "total": localized(supported.cumulative),
        "detail": supported.progress.detail, "share": share.progress.value_display,
        "share_detail": share.progress.detail})
    pilots = f.row(M.PILOT_MODELS_COMPLETED)
    doc.add_heading(_("4. Xây dựng mô hình điểm (mục 3.4)"), level=2)
    doc.add_paragraph(_("Trong năm %(year)s hoàn thành %(in_year)s mô hình; lũy kế %(total)s mô hình "
                        "(%(detail)s).") % {"year": f.year, "in_year": localized(pilots.in_year),
                                            "total": localized(pilots.cumulative),
                                            "detail": pilots.progress.detail})
    units, experts, survey = (f.row(M.ADVISORY_UNITS), f.row(M.EXPERTS), f.row(M.SURVEY_ROUNDS))
    doc.add_heading(_("5. Nâng cao năng lực tư vấn; cơ sở dữ liệu doanh nghiệp (mục 3.5)"), level=2)
    doc.add_paragraph(_(
        "Đơn vị tư vấn công lập đủ năng lực: %(units)s; chuyên gia năng suất, chất lượng: %(experts)s. "
        "Cơ sở dữ liệu thực trạng, nhu cầu: %(survey)s.") % {
        "units": localized(units.cumulative), "experts": localized(experts.cumulative),
        "survey": survey.progress.detail})
    for state in f.milestones:
        doc.add_paragraph(_("%(title)s (hạn %(due)s): %(status)s.") % {
            "title": state.milestone.title, "due": state.milestone.due_on.strftime("%d/%m/%Y"),
            "status": state.status_label}, style="List Bullet")
    publicity = f.row(M.MODEL_ENTERPRISES_PUBLICISED)
    doc.add_heading(_("6. Tuyên truyền mô hình thành công (mục 3.6)"), level=2)
    doc.add_paragraph(_("Trong năm %(year)s tuyên truyền %(in_year)s doanh nghiệp điển hình; lũy kế "
                        "%(total)s doanh nghiệp.") % {"year": f.year,
                                                      "in_year": localized(publicity.in_year),
                                                      "total": localized(publicity.cumulative)})


def _targets(doc, f: YearlyFigures):
    doc.add_heading(_("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU (mục 2.2 và Phụ lục)"), level=1)
    _table(doc, [_("STT"), _("Chỉ tiêu"), _("Kế hoạch 2021–2025"), _("Chỉ tiêu đến cuối năm"),
                 _("Thực hiện trong năm"), _("Lũy kế"), _("Tỷ lệ (%)"), _("Đánh giá")], [
        (n, r.progress.label, f"{r.progress.target_display} {r.progress.unit}",
         localized(r.year_target), localized(r.in_year), localized(r.cumulative),
         localized(r.progress.percent), r.progress.status_label)
        for n, r in enumerate(f.rows, start=1)])


def _funding(doc, f: YearlyFigures):
    doc.add_heading(_("III. KINH PHÍ THỰC HIỆN (mục 4)"), level=1)
    year = f.funding_of_year
    doc.add_paragraph(_(
        "Năm %(year)s: ngân sách tỉnh (sự nghiệp khoa học) %(state)s đồng; kinh phí của doanh "
        "nghiệp %(enterprise)s đồng; tổng %(total)s đồng.") % {
        "year": f.year, "state": money(year.state), "enterprise": money(year.enterprise),
        "total": money(year.total)})
    _table(doc, [_("Năm"), _("Ngân sách tỉnh (đồng)"), _("Kinh phí của doanh nghiệp (đồng)"),
                 _("Tổng (đồng)")],
           [(r.year, money(r.state), money(r.enterprise), money(r.total)) for r in f.funding])


def _assessment(doc, f: YearlyFigures):
    doc.add_heading(_("IV. ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ"), level=1)
    if not f.behind:
        doc.add_paragraph(_("Các chỉ tiêu đều đạt hoặc đúng tiến độ."))
    for r in f.behind:
        doc.add_paragraph(_("%(label)s: chậm tiến độ (%(value)s/%(target)s %(unit)s).") % {
            "label": r.progress.label, "value": r.progress.value_display,
            "target": r.progress.target_display, "unit": r.progress.unit}, style="List Bullet")
    doc.add_paragraph(_("Số liệu chi tiết tại Phụ lục (tệp Excel kèm theo)."))


def yearly_docx(f: YearlyFigures) -> bytes:
    with translation.override(REPORT_LANGUAGE):
        doc = Document()
        doc.styles["Normal"].font.name = "Times New Roman"
        doc.styles["Normal"].font.size = Pt(13)
        _centered(doc, _("UBND TỈNH THANH HÓA — SỞ KHOA HỌC VÀ CÔNG NGHỆ"), bold=True, size=12)
        _centered(doc, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc"),
                  bold=True, size=12)
        _centered(doc, _("BÁO CÁO"), bold=True, size=14)
        _centered(doc, _("Kết quả thực hiện Kế hoạch nâng cao năng suất, chất lượng sản phẩm, hàng "
                         "hóa dựa trên nền tảng khoa học, công nghệ và đổi mới sáng tạo trên địa bàn "
                         "tỉnh Thanh Hóa, giai đoạn 2021–2025 — năm %(year)s") % {"year": f.year},
                  bold=True)
        _centered(doc, _("Kính gửi: Chủ tịch UBND tỉnh Thanh Hóa"))
        doc.add_paragraph(_("Số liệu đến ngày %(date)s; lập lúc %(now)s.") % {
            "date": f.as_of.strftime("%d/%m/%Y"),
            "now": date_filter(timezone.localtime(), "H:i d/m/Y")})
        _tasks(doc, f)
        _targets(doc, f)
        _funding(doc, f)
        _assessment(doc, f)
        buffer = io.BytesIO()
        doc.save(buffer)
    return buffer.getvalue()
