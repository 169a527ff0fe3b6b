"""The ledger page of a case (/cases/<pk>/funding/) and its case-page section.

The host asks for advances and accounts for them; finance checks, pays and confirms.
Every form posts to its own URL; a refused post re-renders the page with what was typed
and the Vietnamese field errors (400), or the reason (403).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tasks_kh_cn.confirmations import confirmation_field
from tasks_kh_cn.fields import MoneyField
from tasks_kh_cn.people import person_name
from tasks_kh_cn.views.sections import add_errors, case_or_404, date_inputs
from tasks_kh_cn.xlsx import Column, xlsx_download
from workflows.lifecycle import Status
from workflows.permissions import is_approver

from . import services
from .api_documents import issued_file, issued_rows
from .forms_closing import closing_context
from .models import MAX_VND, IssuedDocument, SettlementStatus, Tranche, TrancheSettlement, TrancheStatus
from .permissions import may_confirm, may_read_ledger, may_request
from .selectors import accounted_of, balance, ledger_rows
from .signing import side_of, sign_document
from .views_monitoring import proposal_context


class TrancheForm(forms.Form):
    amount = MoneyField(label=gettext_lazy("Số tiền đề nghị (VNĐ)"), min_value=1,
                                max_value=MAX_VND)
    note = forms.CharField(label=gettext_lazy("Nội dung đề nghị"), required=False,
                           max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class PayForm(forms.Form):
    paid_on = forms.DateField(label=gettext_lazy("Ngày cấp"))
    reference = forms.CharField(label=gettext_lazy("Số chứng từ cấp"), max_length=64)
    # Recording a payment is final (the ledger counts it; nothing undoes it): the finance
    # officer ticks this first. A page's box only: the API's client states what it pays.
    confirm = confirmation_field(gettext_lazy(
        "khoản tạm ứng được ghi là đã cấp và không sửa được nữa."))


class RefuseForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do không chấp nhận"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SettlementForm(forms.Form):
    amount = MoneyField(label=gettext_lazy("Số tiền thanh toán (VNĐ)"), min_value=1,
                                max_value=MAX_VND)
    description = forms.CharField(label=gettext_lazy("Nội dung chi"), max_length=500)
    evidence = forms.FileField(label=gettext_lazy("Chứng từ (PDF)"))


class SignForm(forms.Form):
    scan = forms.FileField(label=gettext_lazy("Bản ký quét (PDF)"))


class ReviewForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Ý kiến"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))


def section_context(request, case, bound=None):
    """The case page's summary: the balance and a link; None when nothing applies."""
    if not case.approved_budget or not may_read_ledger(request.user, case):
        return None
    # TT 09/2014 art. 9: an open suspension proposal, shown to the approvers who decide it
    # (an internal proposal of the department; only a case in progress can have one).
    proposal = (proposal_context(request, case) if case.status == Status.IN_PROGRESS
                and is_approver(request.user, case) else None)
    return {"balance": balance(case), "proposal": proposal}


def _page(request, case, *, status=200, bound=None, error=None):
    bound = bound or {}
    host, finance = bool(may_request(request.user, case)), bool(may_confirm(request.user, case))
    rows = []
    for tranche in ledger_rows(case):
        pending = tranche.status in (TrancheStatus.REQUESTED, TrancheStatus.CHECKED)
        rows.append({
            "tranche": tranche,
            "pay_form": (bound.get(f"pay_{tranche.pk}") or date_inputs(
                PayForm(prefix=f"pay{tranche.pk}")))
            if finance and tranche.status == TrancheStatus.CHECKED else None,
            "refuse_form": (bound.get(f"refuse_{tranche.pk}") or RefuseForm(
                prefix=f"ref{tranche.pk}")) if finance and pending else None,
            "may_check": finance and tranche.status == TrancheStatus.REQUESTED,
            "settlement_form": (bound.get(f"settle_{tranche.pk}") or SettlementForm(
                prefix=f"st{tranche.pk}")) if host and tranche.status == TrancheStatus.PAID
            else None,
            "review": finance,
        })
    try:
        my_side = side_of(request.user, case)
    except PermissionDenied:
        my_side = None
    documents = []
    for document in issued_rows(case):
        signed = {s.side for s in document.signatures.all()}
        documents.append({"document": document, "sign_form": (
            bound.get(f"sign_{document.pk}") or SignForm(prefix=f"sg{document.pk}"))
            if document.needs_signatures and my_side and my_side not in signed else None})
    context = {"case": case, "balance": balance(case), "rows": rows, "error": error,
               "documents": documents,
               "request_form": bound.get("request") or (TrancheForm() if host and
                                                         case.status in services.REQUESTABLE
                                                         else None),
               "review_form": ReviewForm(), "submitted": SettlementStatus.SUBMITTED}
    context.update(closing_context(request, case, bound))
    return render(request, "funding/ledger.html", context, status=status)


def _case(request, pk):
    case = case_or_404(request.user, pk)
    may_read_ledger(request.user, case).require()
    return case


@login_required
def ledger(request, pk):
    return _page(request, _case(request, pk))


def _name(user):
    return person_name(user) if user is not None else ""


LEDGER_COLUMNS = [
    Column(gettext_lazy("Đợt"), lambda t: t.number, "count"),
    Column(gettext_lazy("Số tiền (VNĐ)"), lambda t: t.amount, "money"),
    Column(gettext_lazy("Trạng thái"), lambda t: t.get_status_display()),
    Column(gettext_lazy("Người đề nghị"), lambda t: _name(t.requested_by)),
    Column(gettext_lazy("Ngày đề nghị"), lambda t: t.requested_at, "date"),
    Column(gettext_lazy("Người kiểm tra"), lambda t: _name(t.checked_by)),
    Column(gettext_lazy("Ngày cấp"), lambda t: t.paid_on, "date"),
    Column(gettext_lazy("Số chứng từ cấp"), lambda t: t.payment_reference),
    Column(gettext_lazy("Đã thanh toán (VNĐ)"), lambda t: accounted_of(t), "money"),
    Column(gettext_lazy("Hạn xác nhận"), lambda t: t.deadline.due_on if t.deadline else None,
           "date"),
]


@login_required
def ledger_export(request, pk):
    """The case's advances as the ledger page lists them, to Excel (the same doors: another
    organisation's case is a 404, someone outside host and department a 403)."""
    case = _case(request, pk)
    return xlsx_download(LEDGER_COLUMNS, ledger_rows(case),
                         title=gettext_lazy("Các đợt tạm ứng"), filename=f"tam-ung-{case.code}")


def _run(request, case, form, key, write, done):
    """Validate ``form``, call the service; back to the page, or the page with the errors."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except PermissionDenied as exc:
            return _page(request, case, status=403, error=str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("funding-web:ledger", pk=case.pk)
    return _page(request, case, status=400, bound={key: form},
                 error=_("Chưa ghi được: xem các lỗi bên dưới."))


@login_required
@require_POST
def request_tranche(request, pk):
    case = _case(request, pk)
    return _run(request, case, TrancheForm(request.POST), "request",
                lambda d: services.request_tranche(case=case, user=request.user, **d),
                _("Đã gửi đề nghị tạm ứng."))


def _tranche(case, tranche_pk):
    tranche = get_object_or_404(Tranche, pk=tranche_pk, case=case)
    tranche.case = case
    return tranche


@login_required
@require_POST
def decide_tranche(request, pk, tranche_pk, action):
    case = _case(request, pk)
    tranche = _tranche(case, tranche_pk)
    if action == "check":
        form, key = forms.Form(request.POST), f"check_{tranche.pk}"
        write = lambda d: services.check_tranche(tranche=tranche, user=request.user)  # noqa: E731
    elif action == "pay":
        form, key = date_inputs(PayForm(request.POST, prefix=f"pay{tranche.pk}")), f"pay_{tranche.pk}"
        write = lambda d: services.pay_tranche(  # noqa: E731
            tranche=tranche, user=request.user, paid_on=d["paid_on"], reference=d["reference"])
    else:
        form, key = RefuseForm(request.POST, prefix=f"ref{tranche.pk}"), f"refuse_{tranche.pk}"
        write = lambda d: services.refuse_tranche(tranche=tranche, user=request.user, **d)  # noqa: E731
    return _run(request, case, form, key, write, _("Đã ghi nhận đợt tạm ứng %(n)s.") % {
        "n": tranche.number})


@login_required
@require_POST
def record_settlement(request, pk, tranche_pk):
    case = _case(request, pk)
    tranche = _tranche(case, tranche_pk)
    form = SettlementForm(request.POST, request.FILES, prefix=f"st{tranche.pk}")
    return _run(request, case, form, f"settle_{tranche.pk}",
                lambda d: services.record_settlement(tranche=tranche, user=request.user, **d),
                _("Đã gửi chứng từ thanh toán tạm ứng."))


@login_required
@require_POST
def review_settlement(request, pk, settlement_pk, verdict):
    case = _case(request, pk)
    settlement = get_object_or_404(TrancheSettlement, pk=settlement_pk, tranche__case=case)
    return _run(request, case, ReviewForm(request.POST), "review",
                lambda d: services.review_settlement(settlement=settlement, user=request.user,
                                                     accept=verdict == "accept", **d),
                _("Đã ghi nhận ý kiến về khoản thanh toán."))


@login_required
def issued_download(request, pk, document_pk, fmt):
    return issued_file(_case(request, pk), document_pk, fmt)


@login_required
@require_POST
def sign(request, pk, document_pk):
    case = _case(request, pk)
    document = get_object_or_404(IssuedDocument, pk=document_pk, case=case)
    form = SignForm(request.POST, request.FILES, prefix=f"sg{document.pk}")
    return _run(request, case, form, f"sign_{document.pk}",
                lambda d: sign_document(document=document, user=request.user, scan=d["scan"]),
                _("Đã nộp bản ký."))
