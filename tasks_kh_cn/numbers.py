"""Numbers as the reader's language writes them: Vietnamese ``1.234.567,5``, English
``1,234,567.5`` (Django's locale formats, grouping always on). Money is integer VND."""

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.utils.formats import number_format


def _decimal(value) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def localized(value, places: int | None = None) -> str:
    """``value`` grouped and with the active language's separators; ``places`` rounds (half
    up), and trailing zeros are dropped either way: 45.50 → ``45,5`` / ``45.5``."""
    if value is None or value == "":
        return ""
    try:
        number = _decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    number = Decimal(format(number.normalize(), "f"))  # 1E+3 → 1000, 4.800 → 4.8
    return number_format(number, use_l10n=True, force_grouping=True)


def money(value) -> str:
    """Integer VND: 1200000000 → ``1.200.000.000`` (vi) / ``1,200,000,000`` (en)."""
    if value is None or value == "":
        return ""
    return localized(int(value))


def parse_grouped(text: str) -> str:
    """A typed whole amount with either language's thousands separators (``1.200.000``,
    ``1,200,000``, ``1 200 000``) as plain digits; anything else is returned as typed so
    the field refuses it with its own message."""
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "")
    for separator in (".", ","):
        parts = cleaned.lstrip("-").split(separator)
        if len(parts) > 1 and parts[0] and len(parts[0]) <= 3 and all(
                len(part) == 3 for part in parts[1:]):
            cleaned = cleaned.replace(separator, "")
    return cleaned


def parse_localized(text: str, decimal_mark: str, group_mark: str) -> str | None:
    """A typed decimal in one language's notation as plain ``1234.5``: the group mark must
    split the whole part into thousands (``1.234.567``), the decimal mark may appear once.
    None when the text does not follow the notation: on a Vietnamese page ``1.5`` is neither
    a thousand nor one and a half. (Whether the digits make a number is the field's check.)"""
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "")
    whole, mark, fraction = cleaned.partition(decimal_mark)
    if group_mark in fraction or decimal_mark in fraction or "." in fraction:
        return None
    sign = "-" if whole.startswith("-") else ""
    parts = whole.lstrip("-").split(group_mark)
    if len(parts) > 1 and not (parts[0] and len(parts[0]) <= 3
                               and all(len(part) == 3 for part in parts[1:])):
        return None
    whole = "".join(parts)
    if "." in whole or "," in whole:  # the other language's mark
        return None
    return f"{sign}{whole}{'.' if mark else ''}{fraction}"
