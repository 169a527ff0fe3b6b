"""A case list, as filtered, to an Excel workbook that downloads as it is written: bounded
memory, queries independent of rows.

The rows come from ``values_list().iterator(chunk_size=...)`` (a server-side cursor on
PostgreSQL) and go out through ``tasks_kh_cn.xlsx`` (the sheet's XML into a streamed zip),
so neither the Python objects nor the file grow with the list, and the download starts
before the rows are read. Queries: the officers named in the list (one), the rows (one),
whatever the number of rows.
"""

from django.contrib.auth import get_user_model
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from tasks_kh_cn.labels import labels, phase_labels
from tasks_kh_cn.models import CaseKind, District
from tasks_kh_cn.people import person_name
from tasks_kh_cn.xlsx import MAX_EXPORT_ROWS, XLSX, download, workbook_stream
from workflows.lifecycle import Status

__all__ = ["MAX_EXPORT_ROWS", "XLSX", "case_rows", "xlsx_response"]

CHUNK_SIZE = 2_000

COLUMNS = ("code", "title", "kind", "host__name", "host__district", "status",
           "assigned_officer_id", "call__code", "requested_budget", "created_on", "next_due_on")
KINDS = ["text", "text", "text", "text", "text", "text", "text", "text", "text", "money",
         "date", "date"]


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


def case_rows(cases, *, max_rows=MAX_EXPORT_ROWS):
    """The cases (a queryset with ``next_due``, see case_filters.sort_cases) as lists of
    values in the columns' order, read when iterated; the labels in the active language."""
    kinds, statuses, districts = labels(CaseKind), labels(Status), labels(District)
    phases = phase_labels()
    # Excel has no time zones: dates are written as the local (Asia/Ho_Chi_Minh) day, which
    # the database computes (TruncDate in the active time zone) instead of Python per row.
    rows = (cases.annotate(created_on=TruncDate("created_at"), next_due_on=TruncDate("next_due"))
            .values_list(*COLUMNS)[:max_rows + 1])

    def lines():
        officers = _officer_names(cases)
        for (code, title, kind, host, district, status, officer, call, budget, created,
             next_due) in rows.iterator(chunk_size=CHUNK_SIZE):
            yield [code, title, kinds.get(kind, kind), host, districts.get(district, district),
                   phases.get(status, ""), statuses.get(status, status),
                   officers.get(officer, ""), call or "", budget, created, next_due]

    return lines()


def xlsx_response(cases, filename):
    """The workbook as a download named ``filename``-<local time>.xlsx that starts at once
    (the rows are read as it is sent)."""
    stream = workbook_stream(KINDS, _headers(), case_rows(cases), title=_("Nhiệm vụ"))
    return download(stream, filename)
