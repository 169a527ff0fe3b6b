"""Web pages for enterprise support (TT 35/2021): the case page's section, its forms, priorities.

Thin views: the case is looked up among those the user may see (404 otherwise); the
services decide who may act (403 with the reason) and what is refused (400, field errors).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks_kh_cn.models import CaseKind
from tasks_kh_cn.views.sections import (
    add_errors,
    back_to_case,
    case_or_404,
    is_department,
    render_case_page,
)
from workflows.permissions import is_host_member

from . import services
from .forms import AddItemForm, EvidenceForm, PrioritySortForm
from .models import SupportEvidence, SupportItemRequest, SupportRequest
from .selectors import assess_request, policy_for_case, support_cases_by_priority

ANCHOR = "support"
PAGE_SIZE = 20
# Service error keys that belong to a form field of another name; the rest show above the form.
ADD_ALIASES = {"file": "quotation_file", "quotation": "quotation_file"}
EVIDENCE_ALIASES = {"file": "audit_report_file", "audit_report": "audit_report_file"}


def _evidence(row):
    try:
        return row.evidence
    except SupportEvidence.DoesNotExist:
        return None


def section_context(request, case, bound):
    """What templates/support/_case_section.html shows; None for other kinds of case.

    A fixed number of queries whatever the number of items (selectors.assess_request).
    """
    if case.kind != CaseKind.ENTERPRISE_SUPPORT:
        return None
    support = SupportRequest.objects.filter(case=case).select_related("policy").first()
    assessment = None
    if support is not None:
        support.case = case
        assessment = assess_request(support, for_submission=True)
    policy = support.policy if support is not None else policy_for_case(case)
    is_host = bool(is_host_member(request.user, case))
    editable = is_host and case.status in services.EDITABLE_STATUSES
    evidence_open = is_host and case.status in services.EVIDENCE_STATUSES
    rows = []
    for row, figures in (assessment.rows if assessment else []):
        evidence = _evidence(row)
        form = None
        if evidence_open:
            form = bound.get(f"support_evidence_{row.pk}") or EvidenceForm(item_request=row)
        rows.append({"row": row, "figures": figures, "evidence": evidence, "evidence_form": form})
    return {
        "support": support, "policy": policy, "assessment": assessment, "rows": rows,
        "editable": editable, "evidence_open": evidence_open,
        "add_form": (bound.get("support_add") or AddItemForm()) if editable else None,
    }


def _host_or_403(request, case):
    decision = is_host_member(request.user, case)
    if not decision:
        return render_case_page(request, case, status=403, error=decision.reason)
    return None


@login_required
@require_POST
def add_item(request, pk):
    case = case_or_404(request.user, pk, CaseKind.ENTERPRISE_SUPPORT)
    refused = _host_or_403(request, case)
    if refused:
        return refused
    form = AddItemForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_support_item(
                case=case, user=request.user, item=data["item"],
                cost_estimate=data["cost_estimate"], requested_amount=data["requested_amount"],
                quotation_file=data["quotation_file"], note=data["note"])
        except PermissionDenied as exc:
            return render_case_page(request, case, status=403, error=str(exc))
        except ValidationError as exc:
            add_errors(form, exc, ADD_ALIASES)
        else:
            messages.success(request, _("Đã thêm nội dung “%(item)s” vào đề nghị hỗ trợ.")
                             % {"item": data["item"].name})
            return back_to_case(case, ANCHOR)
    return render_case_page(request, case, status=400, bound={"support_add": form},
                            error=_("Chưa thêm được nội dung hỗ trợ: xem các lỗi bên dưới."))


def _item_request(case, item_pk):
    row = get_object_or_404(SupportItemRequest.objects.select_related("request", "item"),
                            pk=item_pk, request__case=case)
    row.request.case = case
    return row


@login_required
@require_POST
def remove_item(request, pk, item_pk):
    case = case_or_404(request.user, pk, CaseKind.ENTERPRISE_SUPPORT)
    row = _item_request(case, item_pk)
    try:
        services.remove_support_item(item_request=row, user=request.user)
    except PermissionDenied as exc:
        return render_case_page(request, case, status=403, error=str(exc))
    except ValidationError as exc:
        return render_case_page(request, case, status=400, error=" ".join(exc.messages))
    messages.success(request, _("Đã bỏ nội dung “%(item)s” khỏi đề nghị.") % {"item": row.item.shown_name})
    return back_to_case(case, ANCHOR)


@login_required
@require_POST
def record_evidence(request, pk, item_pk):
    case = case_or_404(request.user, pk, CaseKind.ENTERPRISE_SUPPORT)
    row = _item_request(case, item_pk)
    refused = _host_or_403(request, case)
    if refused:
        return refused
    form = EvidenceForm(request.POST, request.FILES, item_request=row)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_evidence(item_request=row, user=request.user, **data)
        except PermissionDenied as exc:
            return render_case_page(request, case, status=403, error=str(exc))
        except ValidationError as exc:
            add_errors(form, exc, EVIDENCE_ALIASES)
        else:
            messages.success(request, _("Đã ghi nhận minh chứng cho “%(item)s”.")
                             % {"item": row.item.shown_name})
            return back_to_case(case, ANCHOR)
    return render_case_page(request, case, status=400, bound={f"support_evidence_{row.pk}": form},
                            error=_("Chưa ghi nhận được minh chứng: xem các lỗi bên dưới."))


@login_required
def priority_list(request):
    """Officers rank enterprise-support cases: SMEs, OCOP producers, key products first."""
    if not is_department(request.user):
        return render(request, "web/forbidden.html", {
            "reason": _("Chỉ cán bộ Sở KH&CN (chuyên viên, lãnh đạo, tài chính, quản trị) xem "
                        "được danh sách ưu tiên hỗ trợ.")}, status=403)
    form = PrioritySortForm(request.GET or None)
    cases = (support_cases_by_priority(request.user)
             .select_related("support_request__policy").order_by(*form.ordering()))
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "support/priority.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "sort": (form.cleaned_data.get("sort") if form.is_valid() else "") or "priority",
    })
