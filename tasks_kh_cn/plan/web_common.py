"""What the plan's pages share: the "figures as of" form and the staff-only refusal."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks_kh_cn.views.sections import date_inputs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=gettext_lazy("Số liệu đến ngày"), required=False)


def forbidden(request):
    return render(request, "web/forbidden.html", {
        "reason": _("Chỉ cán bộ Sở KH&CN (chuyên viên, lãnh đạo, tài chính, quản trị) xem được "
                    "báo cáo thực hiện kế hoạch.")}, status=403)


def as_of_from(request):
    form = date_inputs(AsOfForm(request.GET or None))
    today = timezone.localdate()
    if form.is_bound and not form.is_valid():
        return form, None
    as_of = (form.cleaned_data.get("as_of") if form.is_bound else None) or today
    if not form.is_bound:
        form = date_inputs(AsOfForm(initial={"as_of": today}))
    return form, as_of
