"""Forms of the ledger page's closing part and what the page shows of it (views_closing
holds the views that take them)."""

from django import forms
from django.utils.translation import gettext_lazy

from tasks_kh_cn.fields import MoneyField
from tasks_kh_cn.views.sections import date_inputs
from workflows.permissions import is_approver

from . import closing
from .api_closing import closing_rows
from .closing_models import RefundStatus
from .models import MAX_VND
from .permissions import may_confirm, may_register_results


class RegistrationForm(forms.Form):
    certificate_number = forms.CharField(label=gettext_lazy("Số giấy chứng nhận"), max_length=64)
    certificate_date = forms.DateField(label=gettext_lazy("Ngày cấp giấy chứng nhận"))


class RefundForm(forms.Form):
    amount = MoneyField(label=gettext_lazy("Số tiền thu hồi (VNĐ)"), min_value=1,
                                max_value=MAX_VND)
    due_on = forms.DateField(label=gettext_lazy("Hạn nộp"))
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RefundPaymentForm(forms.Form):
    amount = MoneyField(label=gettext_lazy("Số tiền nộp (VNĐ)"), min_value=1,
                                max_value=MAX_VND)
    paid_on = forms.DateField(label=gettext_lazy("Ngày nộp"))
    reference = forms.CharField(label=gettext_lazy("Số chứng từ"), max_length=64)


def closing_context(request, case, bound):
    refunds, restrictions, registration = closing_rows(case)
    finance = bool(may_confirm(request.user, case))
    return {
        "registration": registration,
        "registration_form": (bound.get("registration") or date_inputs(RegistrationForm()))
        if registration is None and case.status in closing.REGISTRABLE
        and may_register_results(request.user, case) else None,
        "refund_form": (bound.get("refund") or date_inputs(RefundForm()))
        if case.status in closing.REFUNDABLE and is_approver(request.user, case) else None,
        "refunds": [{"refund": r, "paid": sum(p.amount for p in r.payments.all()),
                     "form": (bound.get(f"refund_pay_{r.pk}") or date_inputs(
                         RefundPaymentForm(prefix=f"rp{r.pk}")))
                     if finance and r.status == RefundStatus.DUE else None} for r in refunds],
        "restrictions": restrictions,
    }
