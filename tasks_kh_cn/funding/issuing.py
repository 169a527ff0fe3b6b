"""Issuing the department's documents: render a dated template for a case, give it the next
number of the register (per kind and year), freeze the text; DOCX and PDF from that text.

People appear by their full names and titles (tasks_kh_cn.people.person_name, the
profile's position), never by login. Amounts are integer VND with Vietnamese grouping.
"""

import functools
import io

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.template import Context, Engine
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks_kh_cn.councils.minutes import font_path
from tasks_kh_cn.people import person_name

from .document_models import DocumentTemplate, IssuedDocument, IssuedKind
from .models import FundingRuleCode
from .rules import rules_for
from .selectors import balance

User = get_user_model()
# Plain text out: the template's values are never HTML-escaped (no HTML is produced).
ENGINE = Engine(autoescape=False)
LUMP_SUM = {"final_product": "Khoán chi đến sản phẩm cuối cùng", "partial": "Khoán chi từng phần"}
RATING = {"excellent": "Xuất sắc", "pass": "Đạt", "fail": "Không đạt"}
PROVINCE = "tỉnh Thanh Hóa"
# The case field that holds the number of the document of this kind. One decision, one
# contract, one number: the register's, so the document's header, its text and the case's
# pages agree and nobody types it. The approver (lãnh đạo Sở) signs for the UBND tỉnh
# (DOMAIN.md; NĐ 08/2014 art. 27, REGULATIONS.md B3), so these are the Sở's documents.
CASE_NUMBER_FIELD = {
    IssuedKind.APPROVAL_DECISION: "approval_decision",
    IssuedKind.CONTRACT: "contract_number",
    IssuedKind.RECOGNITION_DECISION: "recognition_decision",
}


def vnd(amount) -> str:
    return f"{int(amount or 0):,}".replace(",", ".")


def titled(user) -> str:
    """Full name with academic title, and the position when the profile has one."""
    if user is None:
        return "—"
    position = getattr(getattr(user, "profile", None), "position", "")
    return f"{person_name(user)}, {position}" if position else person_name(user)


def payment_schedule(case) -> str:
    rules = rules_for(case)
    first, further = rules[FundingRuleCode.FIRST_ADVANCE_SHARE], rules[FundingRuleCode.ACCOUNTED_SHARE]
    share = lambda r: f"{100 * r.numerator // r.denominator}%"  # noqa: E731
    return (f"Đợt 1: tạm ứng {vnd(case.first_advance)} đồng sau khi hợp đồng có hiệu lực "
            f"(không quá {share(first)} kinh phí ngân sách nhà nước). Các đợt tiếp theo: khi "
            f"Bên B đã thanh toán ít nhất {share(further)} số đã tạm ứng. Đợt cuối: sau khi "
            f"nghiệm thu đạt ({first.legal_basis} {first.legal_article}).")


def postal_address(organisation) -> str:
    """The street address, then the district (required) and the province: a contract names
    where Bên B is even when the organisation typed no street."""
    parts = (organisation.address.strip(), organisation.get_district_display(), PROVINCE)
    return ", ".join(part for part in parts if part)


def document_context(case, *, kind, signatory, extra=None) -> dict:
    """Plain values only: a template an administrator edits sees strings, not model objects.

    Issued inside a transition, so it reads little: the two people with their profiles in
    one query, the rules only for the contract, the ledger only for the liquidation.
    """
    people = User.objects.select_related("profile").in_bulk(
        {case.leader_id or case.created_by_id, signatory.pk})
    host = case.host
    context = {
        "case": {"code": case.code, "title": case.title, "contract_number": case.contract_number,
                 "approval_decision": case.approval_decision,
                 "recognition_decision": case.recognition_decision},
        "host": {"name": host.name, "tax_code": host.tax_code,
                 "address": postal_address(host)},
        "leader": titled(people.get(case.leader_id or case.created_by_id)),
        "signatory": titled(people[signatory.pk]),
        "department_signatory": titled(people[signatory.pk]),
        "state_budget": vnd(case.approved_budget), "counterpart": vnd(case.co_funding),
        "total_budget": vnd((case.approved_budget or 0) + (case.co_funding or 0)),
        "lump_sum_mode": LUMP_SUM.get(case.lump_sum_mode, case.lump_sum_mode or "—"),
        "duration_months": case.duration_months or "—",
        "products": case.summary or "theo thuyết minh được phê duyệt.",
        "rating": RATING.get(case.acceptance_rating, "—"),
        "settled": vnd(case.settled_amount),
    }
    if kind == IssuedKind.CONTRACT:
        context["payment_schedule"] = payment_schedule(case)
    if kind == IssuedKind.LIQUIDATION_MINUTES:
        context["advanced"] = vnd(balance(case).advanced)
    context.update(extra or {})
    return context


@functools.lru_cache(maxsize=32)
def compiled(body: str):
    """A template's text, parsed once per process: the text is the key, so an
    administrator's edit is a new entry and never serves the old wording."""
    return ENGINE.from_string(body)


def template_for(kind, on=None, *, lock=False) -> DocumentTemplate:
    on = on or timezone.localdate()
    rows = DocumentTemplate.objects.filter(kind=kind, effective_from__lte=on)
    if lock:
        rows = rows.select_for_update()
    template = rows.order_by("-effective_from").first()
    if template is None:
        raise ValidationError({"kind": [_("Chưa có mẫu văn bản “%(kind)s” đang áp dụng.") % {
            "kind": IssuedKind(kind).label}]})
    return template


def issue_document(*, case, kind, user, extra=None) -> IssuedDocument:
    """Number the document in the register, render and freeze it, inside the caller's
    transaction (a transition, a service): one that rolls back gives back its number too.

    The template row in force is locked until that transaction ends, so documents of a kind
    are numbered one at a time, without gaps (the unique constraint is the last guard).
    A decision or contract gives its number to the case (CASE_NUMBER_FIELD) before the text
    is rendered, so the text cites the number in its header.
    """
    today = timezone.localdate()
    template = template_for(kind, today, lock=True)
    number = (IssuedDocument.objects.filter(kind=kind, year=today.year)
              .aggregate(n=Max("number"))["n"] or 0) + 1
    register_number = f"{number:02d}/{today.year}/{template.register_suffix}"
    if kind in CASE_NUMBER_FIELD:
        # Inside a transition the case row is saved after its listeners, this field with it.
        setattr(case, CASE_NUMBER_FIELD[kind], register_number)
    context = document_context(case, kind=kind, signatory=user, extra={
        "register_number": register_number, "issued_on": today.strftime("%d/%m/%Y"),
        **(extra or {})})
    text = compiled(template.body).render(Context(context))
    return IssuedDocument.objects.create(
        case=case, kind=kind, template=template, year=today.year, number=number,
        register_number=register_number, issued_on=today, issued_by=user,
        title=template.title, text=text)


def blocks(text):
    """("h" | "p", text) per blank-line-separated block; "# " marks a heading."""
    for block in text.replace("\r\n", "\n").split("\n\n"):
        block = block.strip("\n")
        if not block.strip():
            continue
        yield ("h", block[2:].strip()) if block.startswith("# ") else ("p", block)


def as_docx(document: IssuedDocument) -> bytes:
    from docx import Document

    doc = Document()
    for kind, value in blocks(document.text):
        if kind == "h":
            doc.add_heading(value, level=1)
        else:
            doc.add_paragraph(value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def as_pdf(document: IssuedDocument) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("Roboto", "", font_path("Regular"))
    pdf.add_font("Roboto", "B", font_path("Bold"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for kind, value in blocks(document.text):
        if kind == "h":
            pdf.ln(2)
            pdf.set_font("Roboto", "B", 12)
            pdf.multi_cell(0, 7, value, align="C", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Roboto", "", 10)
            pdf.multi_cell(0, 5.5, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    return bytes(pdf.output())
