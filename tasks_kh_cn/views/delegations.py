"""The delegation page: who stands in for me while I am away, and for whom I stand in."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tasks_kh_cn.models import Delegation
from tasks_kh_cn.people import person_name
from tasks_kh_cn.services import delegations
from tasks_kh_cn.services.desks import is_lead
from workflows.roles import DEPARTMENT_ROLES, user_roles


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


def department_people():
    return (get_user_model().objects.filter(is_active=True, groups__name__in=DEPARTMENT_ROLES)
            .select_related("profile").distinct().order_by("profile__full_name", "username"))


class DelegationForm(forms.Form):
    principal = PersonChoice(queryset=department_people(), label=gettext_lazy("Người vắng mặt"))
    delegate = PersonChoice(queryset=department_people(), label=gettext_lazy("Người thay"))
    starts_on = forms.DateField(label=gettext_lazy("Từ ngày"),
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    ends_on = forms.DateField(label=gettext_lazy("Đến ngày"),
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=255)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principal"].queryset = department_people()
        self.fields["delegate"].queryset = department_people()
        if not is_lead(user):  # only a lead names someone else as the one away
            self.fields["principal"].queryset = get_user_model().objects.filter(pk=user.pk)
            self.fields["principal"].initial = user.pk
            # Only people who could stand in are offered: someone else who shares one of the
            # user's department roles (services.delegations checks it again on saving).
            self.fields["delegate"].queryset = department_people().filter(
                groups__name__in=user_roles(user) & DEPARTMENT_ROLES).exclude(pk=user.pk)


@login_required
def delegation_list(request):
    form = DelegationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            delegations.delegate(by=request.user, **form.cleaned_data)
        except PermissionDenied as refused:
            return render(request, "web/forbidden.html", {"reason": str(refused)}, status=403)
        except ValidationError as invalid:
            for field, errors in invalid.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Đã lập ủy quyền."))
            return redirect("web:delegations")
    mine = (Delegation.objects.filter(Q(principal=request.user) | Q(delegate=request.user))
            .select_related("principal__profile", "delegate__profile"))
    return render(request, "web/delegations.html", {"form": form, "delegations": mine},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def delegation_revoke(request, pk):
    mine = Delegation.objects.all() if is_lead(request.user) else Delegation.objects.filter(
        Q(principal=request.user) | Q(delegate=request.user))
    delegation = get_object_or_404(mine, pk=pk)
    try:
        delegations.revoke(delegation=delegation, by=request.user)
    except PermissionDenied as refused:
        return render(request, "web/forbidden.html", {"reason": str(refused)}, status=403)
    messages.success(request, _("Đã thu hồi ủy quyền."))
    return redirect("web:delegations")
