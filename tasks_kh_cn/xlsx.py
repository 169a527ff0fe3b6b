"""Any list people work from, as filtered, to an Excel workbook (issue 13): one small helper
so no list copies the writing.

A list says its columns (a header in the active language, how to read the value from a
row, and whether it is text, money in integer VND, a count or a date) and gives its rows as
an iterable — a queryset's ``iterator(chunk_size=...)`` or a generator of pages — so memory
does not grow with the list. openpyxl's write-only mode spools rows to a temporary file; the
finished file is streamed back (FileResponse). ``exports.py`` (the case list) keeps its own
tuned writer over ``values_list``.
"""

import datetime
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tasks_kh_cn.exports import MAX_EXPORT_ROWS, XLSX

FORMATS = {"money": "#,##0", "count": "#,##0", "date": "dd/mm/yyyy"}


@dataclass(frozen=True)
class Column:
    header: object  # a (lazy) translated label
    value: Callable  # row -> the cell's value
    kind: str = "text"  # text | money | count | date


def _cell(sheet, column: Column, value):
    if value is None or value == "":
        return None
    if column.kind == "date":
        if isinstance(value, datetime.datetime):
            # Excel has no time zones: the local (Asia/Ho_Chi_Minh) day.
            value = timezone.localdate(value)
    elif column.kind == "text":
        return str(value)  # labels may be lazy strings, which openpyxl refuses
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = FORMATS[column.kind]
    return cell


def write_rows(columns: list[Column], rows: Iterable, target, *, title,
               max_rows=MAX_EXPORT_ROWS) -> int:
    """Write the header and one line per row to the binary file ``target``; a list longer
    than ``max_rows`` is cut there and says so in its last line. Returns the rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(title)[:31])
    sheet.freeze_panes = "A2"
    sheet.append([str(c.header) for c in columns])
    written = 0
    for row in rows:
        if written == max_rows:
            sheet.append([_("Danh sách bị cắt ở %(n)s dòng; hãy lọc hẹp hơn.") % {"n": max_rows}])
            break
        sheet.append([_cell(sheet, c, c.value(row)) for c in columns])
        written += 1
    workbook.save(target)
    return written


def xlsx_download(columns: list[Column], rows: Iterable, *, title, filename: str):
    """The workbook as a download named ``filename``-<local time>.xlsx; the temporary file
    goes when the response is closed."""
    spool = tempfile.TemporaryFile()
    write_rows(columns, rows, spool, title=title)
    spool.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(spool, as_attachment=True, filename=f"{filename}-{stamp}.xlsx",
                        content_type=XLSX)


def pages_of(window, total: int, size: int = 2_000):
    """The rows of a sliceable list (``window[a:b]``) a page at a time: queries per page,
    never per row."""
    for start in range(0, total, size):
        yield from window[start:start + size]
