"""Web pages for extensions and amendments (TT 09/2014, TT 04/2015) on the case page.

The host asks (and may withdraw a pending request); an approver approves with a
decision number or refuses with a note. The services hold the rules and the permissions.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tasks_kh_cn.people import name_columns, own_columns, person_name
from tasks_kh_cn.views.sections import (
    add_errors,
    back_to_case,
    case_or_404,
    date_inputs,
    render_case_page,
)
from workflows.permissions import is_approver, is_host_member

from . import services
from .models import ChangeKind, ChangeRequest, ChangeStatus

ANCHOR = "changes"
User = get_user_model()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)  # people by full name, never by login


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại đề nghị"), choices=ChangeKind.choices)
    extension_months = forms.IntegerField(
        label=gettext_lazy("Số tháng gia hạn"), min_value=1, max_value=120, required=False,
        help_text=gettext_lazy("Chỉ nhập khi đề nghị gia hạn."))
    title = forms.CharField(label=gettext_lazy("Tên nhiệm vụ mới"), max_length=500,
                            required=False, help_text=gettext_lazy(
                                "Điều chỉnh tên, mục tiêu, sản phẩm."))
    summary = forms.CharField(label=gettext_lazy("Mục tiêu, nội dung mới"), required=False,
                              max_length=20000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=gettext_lazy("Điều chỉnh nội dung; tên, mục tiêu, "
                                                     "sản phẩm."))
    end_date = forms.DateField(label=gettext_lazy("Ngày kết thúc mới"), required=False,
                               help_text=gettext_lazy("Rút ngắn thời gian thực hiện."))
    content_done_percent = forms.IntegerField(
        label=gettext_lazy("Tỷ lệ nội dung đã thực hiện (%)"), min_value=0, max_value=100,
        required=False, help_text=gettext_lazy("Rút ngắn thời gian thực hiện."))
    leader = PersonChoiceField(label=gettext_lazy("Chủ nhiệm nhiệm vụ mới"), required=False,
                               queryset=User.objects.none())
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": gettext_lazy("Cần nêu lý do.")})

    def __init__(self, *args, case=None, **kwargs):
        kwargs.setdefault("auto_id", "id_change_%s")
        super().__init__(*args, **kwargs)
        date_inputs(self)  # the new end date with the browser's date picker, not bare text
        if case is not None:
            self.fields["leader"].queryset = (
                User.objects.filter(memberships__organisation_id=case.host_id)
                .select_related("profile").order_by("profile__full_name", "pk"))

    def service_arguments(self) -> dict:
        """The keyword arguments of ``services.request_change`` for what was typed."""
        data = self.cleaned_data
        kind = data["kind"]
        return {"kind": kind, "reason": data["reason"],
                "extension_months": data["extension_months"]
                if kind == ChangeKind.EXTENSION else None,
                "content_done_percent": data["content_done_percent"],
                "proposed": {field: data[field]
                             for field in services.KIND_FIELDS.get(kind, ())
                             if field in data and data[field] not in (None, "")}}


class ApproveForm(forms.Form):
    decision_number = forms.CharField(
        label=gettext_lazy("Số văn bản chấp thuận"), max_length=64,
        error_messages={"required": gettext_lazy("Cần số văn bản chấp thuận.")})


class RefuseForm(forms.Form):
    decision_note = forms.CharField(
        label=gettext_lazy("Lý do không chấp thuận"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Cần nêu lý do không chấp thuận.")})


def proposed_rows(change, people) -> list[dict]:
    """What a pending amendment would write on the case (an extension says it itself)."""
    if change.kind == ChangeKind.EXTENSION:
        return []
    rows = []
    for field, value in change.proposed.items():
        if field == "leader":
            value = person_name(people[value]) if value in people else "—"
        elif field == "end_date":
            value = datetime.date.fromisoformat(value)
        rows.append({"field": field, "value": value})
    return rows


def section_context(request, case, bound):
    """What templates/changes/_case_section.html shows; None when nothing applies."""
    is_open = case.status in services.OPEN_STATUSES
    # The columns the section shows: who asked and decided by name, the amendment's number.
    changes = list(case.change_requests.select_related(
        "requested_by__profile", "decided_by__profile", "amendment_document")
        .only(*own_columns(ChangeRequest), *name_columns("requested_by", "decided_by"),
              "amendment_document__register_number"))
    if not changes and not is_open and "change_request" not in bound:
        return None
    is_host = bool(is_host_member(request.user, case))
    approver = bool(is_approver(request.user, case))
    people = User.objects.select_related("profile").in_bulk(
        {c.proposed["leader"] for c in changes
         if c.status == ChangeStatus.SUBMITTED and c.proposed.get("leader")})
    rows = []
    for change in changes:
        pending = change.status == ChangeStatus.SUBMITTED
        rows.append({
            "change": change,
            "proposed": proposed_rows(change, people) if pending else [],
            "approve_form": (bound.get(f"change_approve_{change.pk}")
                             or ApproveForm(prefix=f"ap{change.pk}"))
            if pending and approver else None,
            "refuse_form": (bound.get(f"change_refuse_{change.pk}")
                            or RefuseForm(prefix=f"rf{change.pk}"))
            if pending and approver else None,
            "may_withdraw": pending and is_host,
        })
    form, rule = bound.get("change_request"), None
    if is_host and is_open:
        form = form or ChangeRequestForm(case=case)
        rule = services.rule_for(case)
    cutoff = services.extension_cutoff(case)[0] if rule else None
    return {"rows": rows, "form": form, "rule": rule, "cutoff": cutoff,
            "max_extension": rule.max_extension_months(case.duration_months or 0) if rule else None}


@login_required
@require_POST
def request_change(request, pk):
    case = case_or_404(request.user, pk)
    decision = is_host_member(request.user, case)
    if not decision:
        return render_case_page(request, case, status=403, error=decision.reason)
    form = ChangeRequestForm(request.POST, case=case)
    if form.is_valid():
        try:
            change = services.request_change(case=case, user=request.user,
                                             **form.service_arguments())
        except PermissionDenied as exc:
            return render_case_page(request, case, status=403, error=str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi đề nghị: %(kind)s.") % {
                "kind": change.get_kind_display()})
            return back_to_case(case, ANCHOR)
    return render_case_page(request, case, status=400, bound={"change_request": form},
                            error=_("Chưa gửi được đề nghị: xem các lỗi bên dưới."))


def _change(case, change_pk):
    change = get_object_or_404(ChangeRequest, pk=change_pk, case=case)
    change.case = case
    return change


@login_required
@require_POST
def decide(request, pk, change_pk, verdict):
    case = case_or_404(request.user, pk)
    change = _change(case, change_pk)
    decision = is_approver(request.user, case)
    if not decision:
        return render_case_page(request, case, status=403, error=decision.reason)
    approve = verdict == "approve"
    form = (ApproveForm if approve else RefuseForm)(request.POST,
                                                   prefix=f"{'ap' if approve else 'rf'}{change.pk}")
    key = f"change_{'approve' if approve else 'refuse'}_{change.pk}"
    if form.is_valid():
        try:
            change = services.decide_change(
                change=change, user=request.user, approve=approve,
                decision_number=form.cleaned_data.get("decision_number", ""),
                note=form.cleaned_data.get("decision_note", ""))
        except PermissionDenied as exc:
            return render_case_page(request, case, status=403, error=str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đề nghị “%(kind)s”: %(status)s.") % {
                "kind": change.get_kind_display(), "status": change.get_status_display()})
            return back_to_case(case, ANCHOR)
    return render_case_page(request, case, status=400, bound={key: form},
                            error=_("Chưa ghi được quyết định: xem các lỗi bên dưới."))


@login_required
@require_POST
def withdraw(request, pk, change_pk):
    case = case_or_404(request.user, pk)
    change = _change(case, change_pk)
    try:
        services.withdraw_change(change=change, user=request.user)
    except PermissionDenied as exc:
        return render_case_page(request, case, status=403, error=str(exc))
    except ValidationError as exc:
        return render_case_page(request, case, status=400, error=" ".join(exc.messages))
    messages.success(request, _("Đã rút đề nghị."))
    return back_to_case(case, ANCHOR)
