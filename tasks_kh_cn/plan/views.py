"""The plan's progress report page and its Excel download, for the department's staff.

Plan section 5.1: the department reports to the Chairman of UBND tỉnh before
15 December each year (selectors.report_due_date).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks_kh_cn.views.sections import date_inputs, is_department

from .export import progress_workbook
from .selectors import plan_progress, report_due_date

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=gettext_lazy("Số liệu đến ngày"), required=False)


def _forbidden(request):
    return render(request, "web/forbidden.html", {
        "reason": _("Chỉ cán bộ Sở KH&CN (chuyên viên, lãnh đạo, tài chính, quản trị) xem được "
                    "báo cáo thực hiện kế hoạch.")}, status=403)


def _as_of(request):
    form = date_inputs(AsOfForm(request.GET or None))
    today = timezone.localdate()
    if form.is_bound and not form.is_valid():
        return form, None
    as_of = (form.cleaned_data.get("as_of") if form.is_bound else None) or today
    if not form.is_bound:
        form = date_inputs(AsOfForm(initial={"as_of": today}))
    return form, as_of


@login_required
def plan_report(request):
    if not is_department(request.user):
        return _forbidden(request)
    form, as_of = _as_of(request)
    today = timezone.localdate()
    return render(request, "plan/report.html", {
        "form": form, "as_of": as_of, "rows": plan_progress(as_of) if as_of else [],
        "due": report_due_date(today.year), "today": today,
    }, status=200 if as_of else 400)


@login_required
def plan_report_xlsx(request):
    if not is_department(request.user):
        return _forbidden(request)
    form, as_of = _as_of(request)
    if as_of is None:
        today = timezone.localdate()
        return render(request, "plan/report.html", {
            "form": form, "as_of": None, "rows": [], "due": report_due_date(today.year),
            "today": today}, status=400)
    response = HttpResponse(progress_workbook(plan_progress(as_of), as_of), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-ke-hoach-{as_of:%Y-%m-%d}.xlsx"')
    return response
