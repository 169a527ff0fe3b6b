"""Publicity of model enterprises and national quality awards (staff only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tasks_kh_cn.views.sections import date_inputs, is_department

from .models import Publicity, QualityAward
from .publicity import AwardForm, PublicityForm, record_award, record_publicity
from .web_common import forbidden


@login_required
def publicity(request):
    if not is_department(request.user):
        return forbidden(request)
    forms_ = {"publicity": date_inputs(PublicityForm()), "award": AwardForm()}
    if request.method == "POST":
        which = "award" if "award" in request.POST else "publicity"
        form_class, save = (AwardForm, record_award) if which == "award" else (
            PublicityForm, record_publicity)
        forms_[which] = date_inputs(form_class(request.POST))
        try:
            save(data=request.POST)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                forms_[which].add_error(name if name in forms_[which].fields else None, errors)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("plan:publicity")
    items = Publicity.objects.select_related("organisation", "case").order_by("-published_on", "-pk")
    awards = QualityAward.objects.select_related("organisation")[:200]
    errors = any(f.errors for f in forms_.values())
    return render(request, "plan/publicity.html", {
        "page": Paginator(items, 100).get_page(request.GET.get("page")), "awards": awards,
        "publicity_form": forms_["publicity"], "award_form": forms_["award"],
    }, status=400 if errors else 200)
