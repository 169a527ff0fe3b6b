"""Registering an organisation from the web app."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tasks_kh_cn.permissions import may_register_organisation
from tasks_kh_cn.services.registration import register_organisation

from .forms import OrganisationForm


@login_required
def organisation_new(request):
    decision = may_register_organisation(request.user)
    if not decision:
        return render(request, "web/forbidden.html", {"reason": decision.reason}, status=403)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            organisation = register_organisation(user=request.user, **fields)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Đã đăng ký tổ chức %(name)s.") % {
                "name": organisation.name})
            return redirect("web:dashboard")
    return render(request, "web/organisation_new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
