"""The plan's progress report page and its Excel download, for the department's staff.

Plan section 5.1: the department reports to the Chairman of UBND tỉnh before
15 December each year (selectors.report_due_date).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tasks_kh_cn.views.sections import is_department
from workflows.roles import user_roles

from .export import progress_workbook
from .milestones import milestone_states
from .models import YearlyReport
from .selectors import plan_progress, report_due_date
from .views_yearly import FIRST_YEAR, LEADERSHIP, AssignForm
from .web_common import XLSX, as_of_from, forbidden


@login_required
def plan_report(request):
    if not is_department(request.user):
        return forbidden(request)
    form, as_of = as_of_from(request)
    today = timezone.localdate()
    return render(request, "plan/report.html", {
        "form": form, "as_of": as_of, "rows": plan_progress(as_of) if as_of else [],
        "milestones": milestone_states(as_of) if as_of else [],
        "due": report_due_date(today.year), "today": today, **yearly_context(request, today),
    }, status=200 if as_of else 400)


def yearly_context(request, today):
    """The yearly reports for the page: who is in charge, sent or not, and the downloads."""
    reports = {r.year: r for r in YearlyReport.objects.select_related(
        "officer_in_charge__profile", "deadline")}
    current = reports.get(today.year)
    leader = bool(user_roles(request.user) & LEADERSHIP)
    return {
        "report_years": list(range(today.year, FIRST_YEAR - 1, -1)), "yearly": reports,
        "current_report": current, "assign_form": AssignForm() if leader else None,
        "may_mark_sent": current is not None and not current.sent_on and (
            leader or current.officer_in_charge_id == request.user.pk),
    }


@login_required
def plan_report_xlsx(request):
    if not is_department(request.user):
        return forbidden(request)
    form, as_of = as_of_from(request)
    if as_of is None:
        today = timezone.localdate()
        return render(request, "plan/report.html", {
            "form": form, "as_of": None, "rows": [], "due": report_due_date(today.year),
            "today": today}, status=400)
    response = HttpResponse(progress_workbook(plan_progress(as_of), as_of), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-ke-hoach-{as_of:%Y-%m-%d}.xlsx"')
    return response
