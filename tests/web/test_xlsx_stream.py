"""The streamed workbook (tasks_kh_cn/xlsx.py), read back by openpyxl as a reader would."""

import datetime
import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from tasks_kh_cn.xlsx import Column, column_letters, workbook_stream, xlsx_download


def read(chunks):
    return load_workbook(io.BytesIO(b"".join(chunks)))


def test_the_workbook_holds_each_kind_of_cell_as_excel_expects():
    rows = [["A & <B> “trích dẫn”\x07", 1_234_567, Decimal("850000000.00"),
             datetime.date(2026, 12, 31)],
            ["", None, 0, None]]
    book = read(workbook_stream(["text", "money", "count", "date"],
                                ["Tên", "Kinh phí", "Số", "Hạn"], rows, title="Nhiệm vụ: 2026/12"))
    sheet = book.active
    assert sheet.title == "Nhiệm vụ  2026 12"  # Excel's forbidden characters made spaces
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["Tên", "Kinh phí", "Số", "Hạn"]
    assert sheet["A1"].font.b
    text, money, count, due = sheet[2]
    assert text.value == "A & <B> “trích dẫn”"  # the control character XML cannot carry goes
    assert money.value == 1_234_567 and money.number_format == "#,##0"
    assert count.value == 850_000_000 and count.number_format == "#,##0"
    assert due.value == datetime.datetime(2026, 12, 31) and due.number_format == "dd/mm/yyyy"
    assert [c.value for c in sheet[3]] == [None, None, 0, None]
    assert sheet.max_row == 3


def test_a_list_longer_than_the_bound_is_cut_and_says_so():
    rows = ([n] for n in range(10))
    sheet = read(workbook_stream(["count"], ["Số"], rows, title="x", max_rows=4)).active
    values = [row[0].value for row in sheet.iter_rows()]
    assert values[:5] == ["Số", 0, 1, 2, 3]
    assert "4" in values[5] and len(values) == 6


def test_the_download_starts_before_any_row_is_read():
    pulled = []

    def rows():
        for n in range(3):
            pulled.append(n)
            yield [n]

    chunks = iter(workbook_stream(["count"], ["Số"], rows(), title="x"))
    first = next(chunks)
    assert first.startswith(b"PK") and pulled == []  # the zip has begun; no row read yet
    rest = b"".join(chunks)
    assert pulled == [0, 1, 2]
    assert [r[0].value for r in read([first, rest]).active.iter_rows()] == ["Số", 0, 1, 2]


def test_lazy_labels_are_read_in_the_requests_language_whenever_the_rows_are_sent():
    columns = [Column(gettext_lazy("Trạng thái"), lambda row: row)]
    with translation.override("en"):
        response = xlsx_download(columns, [gettext_lazy("Nháp")], title="x", filename="f")
    assert response.streaming and 'filename="f-' in response["Content-Disposition"]
    with translation.override("vi"):  # the server sends it later, in another language
        sheet = read(response.streaming_content).active
    assert [c.value for c in sheet["A"]] == ["Status", "Draft"]


def test_column_letters():
    assert [column_letters(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_cells_remembered_by_value_are_written_right_past_the_columns_memory():
    """Each column keeps the XML of the values it has written (xlsx.Fragments): a label met
    again, a value met after the column stopped remembering, spaces that lead or trail, and
    the same value in a text column and a number column all read back as written."""
    from tasks_kh_cn.xlsx import CACHE_PER_COLUMN

    n = CACHE_PER_COLUMN + 500
    rows = [[f"Đề tài {i} & <mẫu>", "Đang thực hiện" if i % 2 else "Nháp", i,
             datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 40), str(i)]
            for i in range(n)]
    rows.append(["  lề hai bên  ", None, "không có", None, 7])
    sheet = read(workbook_stream(["text", "text", "money", "date", "text"],
                                 ["Tên", "Trạng thái", "Kinh phí", "Hạn", "Mã"], rows,
                                 title="x")).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(values) == n + 1
    for i in (0, 1, CACHE_PER_COLUMN - 1, CACHE_PER_COLUMN, n - 1):
        assert values[i] == [f"Đề tài {i} & <mẫu>", "Đang thực hiện" if i % 2 else "Nháp", i,
                             datetime.datetime(2026, 1, 1) + datetime.timedelta(days=i % 40),
                             str(i)]
    # The last row: spaces kept, an empty cell left empty in place (the next keeps its
    # column), a word in a money column kept as text, a number in a text column as text.
    assert values[-1] == ["  lề hai bên  ", None, "không có", None, "7"]
