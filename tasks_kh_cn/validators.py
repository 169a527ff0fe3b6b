"""Validators: Vietnamese identifiers (tax codes, mobile numbers) and dossier files."""

import os
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

# Thông tư 105/2020/TT-BTC: a tax code is 10 digits, or 13 for a dependent unit
# (the parent's 10 digits, a hyphen, then 3 digits). The 10th digit is a check digit.
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_TAX_RE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


def tax_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no digit can make them valid."""
    total = sum(int(d) * w for d, w in zip(first_nine, _TAX_WEIGHTS, strict=True))
    digit = 10 - total % 11
    return None if digit == 10 else digit


def normalize_tax_code(value: str) -> str:
    """'0101248141', '0101248141001' or '0101248141-001' → canonical '0101248141[-001]'."""
    raw = re.sub(r"[\s.]", "", value or "")
    match = _TAX_RE.match(raw)
    if not match:
        raise ValidationError(
            _("Mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số (10 chữ số, dấu gạch, 3 chữ số)."),
            code="tax_code_format",
        )
    head, branch = match.groups()
    if tax_check_digit(head[:9]) != int(head[9]):
        raise ValidationError(
            _("Mã số thuế %(value)s không hợp lệ: sai chữ số kiểm tra."),
            code="tax_code_checksum",
            params={"value": value},
        )
    if branch == "000":
        raise ValidationError(
            _("Ba chữ số đơn vị phụ thuộc của mã số thuế phải từ 001 đến 999."),
            code="tax_code_branch",
        )
    return f"{head}-{branch}" if branch else head


def validate_tax_code(value: str) -> None:
    normalize_tax_code(value)


# Vietnamese mobile numbers after the 2018 re-numbering: 03x, 05x, 07x, 08x, 09x + 7 digits.
_MOBILE_RE = re.compile(r"^(?:\+?84|0)([35789]\d{8})$")


def normalize_mobile(value: str) -> str:
    """'0912 345 678' or '+84912345678' → '+84912345678'."""
    raw = re.sub(r"[\s.\-()]", "", value or "")
    match = _MOBILE_RE.match(raw)
    if not match:
        raise ValidationError(
            _("Số điện thoại di động Việt Nam không hợp lệ (ví dụ 0912345678 hoặc +84912345678)."),
            code="mobile_format",
        )
    return "+84" + match.group(1)


def validate_mobile(value: str) -> None:
    normalize_mobile(value)


# Dossier files. Extension → the content type we store; the content is then checked by
# parsing it, because a first-bytes check let `%PDF-` followed by HTML pass as a PDF and
# any ZIP archive pass as a DOCX.
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
# The parts an Office Open XML package cannot be opened without (ECMA-376 part 2).
OOXML_REQUIRED_PARTS = {
    ".docx": ("[Content_Types].xml", "word/document.xml"),
    ".xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
}
IMAGE_SIGNATURES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}


def _pdf_pages(uploaded) -> int:
    try:
        return len(PdfReader(uploaded).pages)
    except Exception:  # noqa: BLE001 - hostile input makes pypdf raise many kinds of error;
        # whichever it is, the file is not a PDF a reader could open.
        return 0


def _has_ooxml_parts(uploaded, extension) -> bool:
    try:
        # Only the central directory is read: nothing is decompressed, so a ZIP bomb costs nothing.
        names = set(zipfile.ZipFile(uploaded).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return all(part in names for part in OOXML_REQUIRED_PARTS[extension])


def document_file_type(uploaded) -> tuple[str, str]:
    """Check a dossier file; return (extension, content type) or raise ValidationError.

    The one check every upload goes through (pages, API, demo; the admin stores none), via
    ``services.documents.upload_document``. Messages are translated here, in the current
    language: callers may read them after leaving ``translation.override``.
    """
    name = os.path.basename(uploaded.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            gettext("Loại tệp %(ext)s không được chấp nhận. Chỉ nhận PDF, DOCX, XLSX, PNG, JPG."),
            code="file_type", params={"ext": extension or gettext("(không có phần mở rộng)")})
    limit = settings.DOCUMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            gettext("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(limit)s."), code="file_too_large",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)})
    if uploaded.size == 0:
        raise ValidationError(gettext("Tệp rỗng."), code="file_empty")
    uploaded.seek(0)
    try:
        if extension == ".pdf":
            if _pdf_pages(uploaded) < 1:
                raise ValidationError(
                    gettext("Tệp PDF không mở được hoặc không có trang nào."), code="file_content")
        elif extension in OOXML_REQUIRED_PARTS:
            if not _has_ooxml_parts(uploaded, extension):
                raise ValidationError(
                    gettext("Tệp %(ext)s bị hỏng hoặc không phải tài liệu Office (thiếu phần bắt buộc "
                      "của định dạng)."), code="file_content", params={"ext": extension})
        elif not uploaded.read(16).startswith(IMAGE_SIGNATURES[extension]):
            raise ValidationError(gettext("Nội dung tệp không khớp với phần mở rộng %(ext)s."),
                                  code="file_content", params={"ext": extension})
    finally:
        uploaded.seek(0)
    return extension, DOCUMENT_TYPES[extension]
