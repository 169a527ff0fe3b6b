"""A case list, as filtered, to an Excel workbook: bounded memory, queries independent of rows.

openpyxl's write-only mode writes each appended row to a temporary file instead of keeping
cells in memory; the rows come from ``values_list().iterator(chunk_size=...)`` (a server-side
cursor on PostgreSQL), so neither the Python objects nor the workbook grow with the list.
The finished file is streamed back in blocks (FileResponse, a StreamingHttpResponse).
Queries: the officers named in the list (one), the rows (one), whatever the number of rows.
"""

import tempfile

from django.contrib.auth import get_user_model
from django.db.models.functions import TruncDate
from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tasks_kh_cn.models import CaseKind, District
from tasks_kh_cn.people import person_name
from workflows.lifecycle import PHASE_OF, Status

# The bound for one export; a longer list is cut there and says so in its last row.
MAX_EXPORT_ROWS = 100_000
CHUNK_SIZE = 2_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS = ("code", "title", "kind", "host__name", "host__district", "status",
           "assigned_officer_id", "call__code", "requested_budget", "created_on", "next_due_on")


def _headers():
    return [_("Mã"), _("Tên nhiệm vụ"), _("Loại"), _("Tổ chức chủ trì"),
            _("Huyện, thị xã, thành phố"), _("Giai đoạn"), _("Trạng thái"),
            _("Chuyên viên thụ lý"), _("Đợt thông báo"), _("Kinh phí đề nghị (VNĐ)"),
            _("Ngày tạo"), _("Hạn gần nhất")]


def _officer_names(cases) -> dict:
    """The names of the officers assigned in the list: one query, a handful of people."""
    users = (get_user_model().objects.filter(pk__in=cases.order_by().values("assigned_officer"))
             .select_related("profile"))
    return {user.pk: person_name(user) for user in users}


def write_cases(cases, target, *, max_rows=MAX_EXPORT_ROWS):
    """Write the cases (a queryset with ``next_due``, see case_filters.sort_cases) to the
    binary file ``target``; returns the number of case rows written."""
    # The labels in the active language, as plain strings (openpyxl refuses lazy ones).
    kinds, statuses, districts = ({key: str(label) for key, label in choices.choices}
                                  for choices in (CaseKind, Status, District))
    phases = {status: str(phase.label) for status, phase in PHASE_OF.items()}
    officers = _officer_names(cases)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Nhiệm vụ"))
    sheet.freeze_panes = "A2"
    sheet.append(_headers())

    def styled(number_format):
        cell = WriteOnlyCell(sheet)
        cell.number_format = number_format
        return cell

    # One styled cell per formatted column, its value replaced on each row: a write-only
    # sheet writes a row out when it is appended, so the cells can serve the next row
    # (building and styling 30,000 cells cost more than writing them).
    budget_cell, created_cell, due_cell = styled("#,##0"), styled("dd/mm/yyyy"), styled(
        "dd/mm/yyyy")
    written = 0
    # Excel has no time zones: dates are written as the local (Asia/Ho_Chi_Minh) day, which
    # the database computes (TruncDate in the active time zone) instead of Python per row.
    rows = (cases.annotate(created_on=TruncDate("created_at"), next_due_on=TruncDate("next_due"))
            .values_list(*COLUMNS)[:max_rows + 1].iterator(chunk_size=CHUNK_SIZE))
    for (code, title, kind, host, district, status, officer, call, budget, created,
         next_due) in rows:
        if written == max_rows:
            sheet.append([_("Danh sách bị cắt ở %(n)s dòng; hãy lọc hẹp hơn.")
                          % {"n": max_rows}])
            break
        budget_cell.value, created_cell.value = budget, created  # budget: integer VND
        if next_due is not None:
            due_cell.value = next_due
        sheet.append([
            code, title, kinds.get(kind, kind), host, districts.get(district, district),
            phases.get(status, ""), statuses.get(status, status), officers.get(officer, ""),
            call or "", budget_cell, created_cell, due_cell if next_due is not None else None,
        ])
        written += 1
    workbook.save(target)
    return written


def xlsx_response(cases, filename):
    """The workbook as a download; the temporary file goes when the response is closed."""
    spool = tempfile.TemporaryFile()
    write_cases(cases, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)
