"""The yearly report: DOCX and XLSX annex for any year, its officer in charge, "sent".

Plan 5.1: reported to the Chairman of UBND tỉnh before 15 December (``reporting``).
Downloads are for the department's staff; putting an officer in charge is for the
leadership (lead officer, approver, admin); recording it sent is for the officer in
charge or the leadership.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tasks_kh_cn.people import person_name
from tasks_kh_cn.views.sections import is_department
from workflows.roles import Role, user_roles

from .models import YearlyReport
from .reporting import mark_report_sent, open_yearly_report
from .web_common import XLSX, forbidden
from .yearly import yearly_figures
from .yearly_docx import yearly_docx
from .yearly_xlsx import yearly_xlsx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LEADERSHIP = {Role.LEAD_OFFICER, Role.APPROVER, Role.ADMIN}
FIRST_YEAR, LAST_YEAR = 2021, 2100


def _year(year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


class OfficerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class AssignForm(forms.Form):
    officer = OfficerChoice(label=gettext_lazy("Chuyên viên phụ trách"), queryset=get_user_model()
                            .objects.filter(groups__name=Role.OFFICER, is_active=True)
                            .select_related("profile").order_by("profile__full_name", "pk"))


def _download(request, year, build, content_type, extension):
    if not is_department(request.user):
        return forbidden(request)
    figures = yearly_figures(_year(year))
    response = HttpResponse(build(figures), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-nam-{year}.{extension}"'
    return response


@login_required
def yearly_docx_view(request, year):
    return _download(request, year, yearly_docx, DOCX, "docx")


@login_required
def yearly_xlsx_view(request, year):
    return _download(request, year, yearly_xlsx, XLSX, "xlsx")


@login_required
@require_POST
def assign(request, year):
    if not user_roles(request.user) & LEADERSHIP:
        return forbidden(request)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn một chuyên viên đang hoạt động."))
        return redirect("plan:report")
    try:
        open_yearly_report(year=_year(year), officer=form.cleaned_data["officer"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã giao báo cáo năm %(year)s.") % {"year": year})
    return redirect("plan:report")


@login_required
@require_POST
def mark_sent(request, year):
    report = YearlyReport.objects.filter(year=_year(year)).first()
    allowed = bool(user_roles(request.user) & LEADERSHIP) or (
        report is not None and report.officer_in_charge_id == request.user.pk)
    if not allowed:
        return forbidden(request)
    try:
        mark_report_sent(year=year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ghi nhận gửi báo cáo năm %(year)s.") % {"year": year})
    return redirect("plan:report")
