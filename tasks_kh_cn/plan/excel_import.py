"""Reading a province's Excel list row by row: good rows kept, bad rows listed with reasons.

Shared by the attendance import and the OCOP products import. Rows are numbered as Excel
shows them (the header is row 1), so an officer can find and fix each refused row.
"""

import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from tasks_kh_cn.validators import normalize_tax_code

MAX_ROWS = 20_000


@dataclass
class RowError:
    row: int
    reason: str


@dataclass
class ImportResult:
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)

    def refuse(self, row, reason):
        self.errors.append(RowError(row, reason))


def _key(text) -> str:
    """A header as a lookup key: lower case, no diacritics, no spaces ("Mã số thuế" → masothue)."""
    text = unicodedata.normalize("NFD", str(text or "").strip().lower()).replace("đ", "d")
    return "".join(c for c in text if c.isalnum())


def read_rows(upload, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]):
    """Yield (row number, {column: value}) from the first sheet; ``columns`` maps a name to
    the header keys that mean it. Raises ValidationError for a file that is not a workbook,
    lacks a required column, or is too long."""
    try:
        data = upload.read()
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError({"file": _("Tệp không phải bảng tính Excel (.xlsx).")}) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_key(h) for h in next(rows, ())]
    index = {}
    for name, keys in columns.items():
        found = next((i for i, h in enumerate(header) if h in keys), None)
        if found is not None:
            index[name] = found
    if missing := [name for name in required if name not in index]:
        raise ValidationError({"file": _("Thiếu cột: %(columns)s.") % {"columns": ", ".join(
            columns[m][0] for m in missing)}})
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise ValidationError({"file": _("Tệp có quá %(n)s dòng.") % {"n": MAX_ROWS}})
        if values is None or all(v in (None, "") for v in values):
            continue
        yield number, {name: values[i] if i < len(values) else None for name, i in index.items()}
    workbook.close()


def tax_code_of(value) -> str:
    """A tax code cell as canonical text; Excel often stores it as a number and drops the 0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value or "").strip()
    if text.isdigit() and len(text) == 9:
        text = "0" + text
    return normalize_tax_code(text)


def positive_int(value, default=None):
    if value in (None, "") and default is not None:
        return default
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError
    return value
