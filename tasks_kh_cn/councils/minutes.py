"""Biên bản (minutes) of a council round, in Vietnamese, as DOCX and PDF.

Always in Vietnamese, whatever the language of the page it is downloaded from: an official
record of the department, as its decisions, contracts and the yearly report are (README).
One builder lays out the content (members present, ballots summary, invalid ballots and
why, result); two writers render it. The PDF embeds Roboto from the ``font-roboto``
package (Vietnamese glyphs), never an OS font.
"""

import datetime
import io
import os

import font_roboto
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from fpdf import FPDF

from tasks_kh_cn.numbers import localized, money
from tasks_kh_cn.people import person_name

from .aggregation import deviation_reason
from .models import Conflict, OutcomeResult
from .selectors import latest_outcome

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MINUTES_LANGUAGE = "vi"
# The minutes write their dates as Vietnamese does, the close time and the rule's date alike.
DATE = "%d/%m/%Y"


def _date(value) -> str:
    """A date of the frozen rule (ISO text in the snapshot) as the minutes write dates."""
    if not value:
        return ""
    try:
        return datetime.date.fromisoformat(str(value)).strftime(DATE)
    except ValueError:
        return str(value)


def _name(user):
    return person_name(user)


def _signatory(members, role) -> str:
    """The sitting member in ``role`` by full name and title, under the signature line."""
    for member in members:
        if member.role == role and member.replaced_by_id is None:
            return _name(member.user)
    return ""


def _presence(member):
    if member.replaced_by_id:
        return _("Đã được thay thế")
    if member.conflict in (Conflict.DECLARED, Conflict.AUTOMATIC):
        return _("Không tham gia (xung đột lợi ích: %(note)s)") % {"note": member.conflict_note}
    return _("Có mặt") if member.present else _("Vắng mặt")


def content(council) -> dict:
    """Title, paragraphs and tables of the minutes of the latest closed round, in Vietnamese."""
    with translation.override(MINUTES_LANGUAGE):
        return _content(council)


def _content(council) -> dict:
    outcome = latest_outcome(council)
    rule = council.rules_snapshot
    case = council.case
    members = list(council.members.select_related("user__profile").order_by("seat", "id"))
    blocks = [
        ("p", _("Nhiệm vụ: %(code)s — %(title)s") % {"code": case.code, "title": case.title}),
        ("p", _("Quyết định thành lập: %(n)s. Phiên bỏ phiếu thứ %(r)s, kết thúc lúc %(at)s.")
         % {"n": council.number or "—", "r": outcome.round,
            "at": timezone.localtime(council.closed_at).strftime(f"%H:%M {DATE}")
            if council.closed_at else "—"}),
        ("p", _("Bộ quy tắc áp dụng: %(code)s, hiệu lực từ %(date)s. Căn cứ: %(basis)s")
         % {"code": outcome.rule_set_code, "date": _date(rule.get("effective_from")),
            "basis": rule.get("legal_basis", "")}),
        ("h", _("1. Thành viên hội đồng")),
        ("table", [[_("TT"), _("Họ và tên"), _("Vai trò"), _("Tình trạng")]] + [
            [str(m.seat), _name(m.user), str(m.get_role_display()), str(_presence(m))]
            for m in members]),
        ("p", _("Số thành viên có mặt: %(p)s/%(t)s (yêu cầu tối thiểu %(q)s).") % {
            "p": outcome.details.get("quorum", {}).get("present", "—"),
            "t": outcome.details.get("quorum", {}).get("total", "—"), "q": rule.get("quorum")}),
        ("h", _("2. Tổng hợp phiếu đánh giá")),
        *summary(council, outcome),
        ("h", _("3. Kết luận")),
        ("p", conclusion(outcome)),
        ("sign", [(_("THƯ KÝ KHOA HỌC"), _signatory(members, "secretary")),
                  (_("CHỦ TỊCH HỘI ĐỒNG"), _signatory(members, "chair"))]),
    ]
    return {"title": _("BIÊN BẢN HỌP %(council)s") % {
        "council": str(council.get_council_type_display()).upper()}, "blocks": blocks}


TIE_BREAK_LABELS = {
    "state_budget": gettext_lazy("kinh phí đề nghị từ ngân sách nhà nước thấp hơn"),
    "excellent_recent_task": gettext_lazy(
        "có nhiệm vụ cấp quốc gia xếp loại “Xuất sắc” trong 5 năm"),
    "content_score": gettext_lazy("điểm tiêu chí nội dung và phương pháp cao hơn"),
}


def conclusion(outcome) -> str:
    text = str(outcome.get_result_display())
    if outcome.winner_id:
        text += _(": hồ sơ %(code)s — %(title)s.") % {"code": outcome.winner.code,
                                                     "title": outcome.winner.title}
    if outcome.appraised_amount:
        text += _(": %(amount)s VNĐ.") % {"amount": money(outcome.appraised_amount)}
    return text


def summary(council, outcome) -> list:
    details = outcome.details
    received = details.get("ballots", 0)
    # TT 20/2023: a ballot more than 20% off the mean is not counted; the minutes state the
    # ballots received and the valid ones the averages are over.
    rejected = sum(len(entry.get("invalid", [])) for entry in details.get("ranking", []))
    if rejected:
        blocks = [("p", _("Số phiếu nhận được: %(received)s. Số phiếu hợp lệ được tính: "
                          "%(counted)s (không hợp lệ: %(invalid)s).") % {
            "received": received, "counted": received - rejected, "invalid": rejected})]
    else:
        blocks = [("p", _("Số phiếu được tính: %(n)s.") % {"n": received})]
    if council.council_type == "identification":
        blocks.append(("p", _("%(m)s/%(t)s phiếu “Đạt yêu cầu” (cần nhiều hơn %(share)s).")
                       % {"m": details["meets"], "t": details["total"],
                          "share": details["pass_more_than"]}))
    elif council.council_type in ("selection", "direct_assignment"):
        codes = dict(council.dossiers.values_list("case_id", "case__code"))
        rows = [[_("Hồ sơ"), _("Điểm TB"), _("Cộng 10%"), _("Điểm xét"), _("Đủ điều kiện")]]
        invalid = []
        for entry in details["ranking"]:
            rows.append([codes.get(entry["case"], str(entry["case"])),
                         localized(entry['average'], 2), _("Có") if entry["bonus"] else _("Không"),
                         localized(entry['final'], 2), _("Có") if entry["eligible"] else _("Không")])
            invalid += [(codes.get(entry["case"]), item) for item in entry["invalid"]]
            blocks += [("p", f"{codes.get(entry['case'])}: {reason}")
                       for reason in entry["reasons"]]
        blocks.insert(0, ("table", rows))
        blocks.append(("h", _("Phiếu không hợp lệ")))
        if not invalid:
            blocks.append(("p", _("Không có phiếu không hợp lệ.")))
        seats = dict(council.members.values_list("pk", "seat"))
        for code, item in invalid:
            blocks.append(("p", _("Hồ sơ %(code)s, phiếu của thành viên số %(seat)s: %(why)s")
                           % {"code": code, "seat": seats.get(item["member"]),
                              "why": deviation_reason(item)}))
        if details.get("decided_by") and details["decided_by"] != "score":
            blocks.append(("p", _("Các hồ sơ bằng điểm; xếp hạng theo tiêu chí ưu tiên: "
                                  "%(rule)s.") % {
                "rule": str(TIE_BREAK_LABELS.get(details["decided_by"], details["decided_by"]))}))
    elif council.council_type == "acceptance":
        counts = details["counts"]
        blocks.append(("p", _("Xuất sắc: %(e)s; Đạt: %(p)s; Không đạt: %(f)s (tổng %(t)s).")
                       % {"e": counts["excellent"], "p": counts["pass"], "f": counts["fail"],
                          "t": counts["total"]}))
        blocks += [("p", reason) for reason in details.get("reasons", [])]
    else:
        blocks.append(("p", _("Kinh phí đề nghị của các thành viên: %(a)s. Kinh phí thẩm "
                              "định: %(v)s VNĐ.") % {
            "a": "; ".join(money(a) for a in details.get("amounts", [])),
            "v": money(outcome.appraised_amount) if outcome.appraised_amount else "—"}))
    if outcome.result == OutcomeResult.TIE:
        blocks.append(("p", _("Hội đồng bỏ phiếu lại ở phiên tiếp theo.")))
    return blocks


def as_docx(council) -> bytes:
    with translation.override(MINUTES_LANGUAGE):
        return _as_docx(council)


def _as_docx(council) -> bytes:
    data = content(council)
    doc = Document()
    doc.add_paragraph(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"))
    doc.add_heading(data["title"], level=1)
    for kind, value in data["blocks"]:
        if kind == "h":
            doc.add_heading(value, level=2)
        elif kind == "p":
            doc.add_paragraph(value)
        elif kind == "table":
            table = doc.add_table(rows=len(value), cols=len(value[0]))
            table.style = "Table Grid"
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = str(cell)
        elif kind == "sign":
            doc.add_paragraph("\t\t".join(title for title, _who in value))
            doc.add_paragraph("\n\n")  # room for the signatures
            doc.add_paragraph("\t\t".join(who for _title, who in value))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def font_path(style="Regular") -> str:
    return os.path.join(font_roboto.font_directory, f"Roboto-{style}.ttf")


def as_pdf(council) -> bytes:
    with translation.override(MINUTES_LANGUAGE):
        return _as_pdf(council)


def _as_pdf(council) -> bytes:
    data = content(council)
    pdf = FPDF(format="A4")
    pdf.add_font("Roboto", "", font_path("Regular"))
    pdf.add_font("Roboto", "B", font_path("Bold"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Roboto", "B", 11)
    pdf.multi_cell(0, 6, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
                   align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Roboto", "B", 14)
    pdf.multi_cell(0, 8, data["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    for kind, value in data["blocks"]:
        if kind == "h":
            pdf.ln(2)
            pdf.set_font("Roboto", "B", 12)
            pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            pdf.set_font("Roboto", "", 10)
            pdf.multi_cell(0, 5.5, value, new_x="LMARGIN", new_y="NEXT")
        elif kind == "table":
            pdf.set_font("Roboto", "", 9)
            with pdf.table() as table:
                for row in value:
                    cells = table.row()
                    for cell in row:
                        cells.cell(str(cell))
        elif kind == "sign":
            pdf.ln(8)
            pdf.set_font("Roboto", "B", 10)
            width = (pdf.w - pdf.l_margin - pdf.r_margin) / len(value)
            for title, _who in value:
                pdf.cell(width, 6, title, align="C")
            pdf.ln(22)  # room for the signatures
            for _title, who in value:
                pdf.cell(width, 6, who, align="C")
            pdf.ln(6)
    return bytes(pdf.output())
