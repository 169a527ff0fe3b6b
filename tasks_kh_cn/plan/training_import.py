"""Attendance of a training class imported from Excel (plan 3.1), row by row.

Columns (header row 1, any order, diacritics optional): "Mã số thuế" (required),
"Số người tham dự" (optional, 1 by default). Establishments are found by tax code;
10,000 rows cost a handful of queries (one lookup of all tax codes, one of the class's
attendance, batched inserts).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tasks_kh_cn.models import Organisation

from .excel_import import ImportResult, positive_int, read_rows, tax_code_of
from .models import TrainingAttendance

COLUMNS = {"tax_code": ("masothue", "mst", "taxcode"),
           "participants": ("songuoithamdu", "songuoi", "participants")}


@transaction.atomic
def import_attendance(*, training_class, upload) -> ImportResult:
    result = ImportResult()
    parsed, first_row = [], {}
    for number, values in read_rows(upload, COLUMNS, required=("tax_code",)):
        try:
            tax_code = tax_code_of(values["tax_code"])
        except ValidationError as error:
            result.refuse(number, error.messages[0])
            continue
        try:
            participants = positive_int(values.get("participants"), default=1)
        except ValueError:
            result.refuse(number, _("Số người tham dự phải là số nguyên từ 1 trở lên."))
            continue
        if tax_code in first_row:
            result.refuse(number, _("Trùng mã số thuế với dòng %(row)s.") % {"row": first_row[tax_code]})
            continue
        first_row[tax_code] = number
        parsed.append((number, tax_code, participants))
    ids = dict(Organisation.objects.filter(tax_code__in=first_row).values_list("tax_code", "id"))
    done = set(training_class.attendances.values_list("organisation_id", flat=True))
    new = []
    for number, tax_code, participants in parsed:
        org = ids.get(tax_code)
        if org is None:
            result.refuse(number, _("Không có cơ sở mã số thuế %(code)s trong hệ thống.") % {
                "code": tax_code})
        elif org in done:
            result.refuse(number, _("Cơ sở đã được ghi nhận tham dự lớp này."))
        else:
            new.append(TrainingAttendance(training_class=training_class, organisation_id=org,
                                          participants=participants))
    TrainingAttendance.objects.bulk_create(new, batch_size=1000)
    result.imported = len(new)
    result.errors.sort(key=lambda e: e.row)
    return result
