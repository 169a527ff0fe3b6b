"""Validators for Vietnamese identifiers: tax codes (mã số thuế) and mobile numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
