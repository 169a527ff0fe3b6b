"""The ledger page's closing part: results registration, refund decisions and payments,
restrictions. Same shape as views.py: each form posts to its own URL; a refused post shows
the page again with the errors."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks_kh_cn.views.sections import date_inputs

from . import closing
from .closing_models import Refund
from .forms_closing import RefundForm, RefundPaymentForm, RegistrationForm
from .views import _case, _run


@login_required
@require_POST
def register_results(request, pk):
    case = _case(request, pk)
    return _run(request, case, date_inputs(RegistrationForm(request.POST)), "registration",
                lambda d: closing.register_results(case=case, user=request.user, **d),
                _("Đã ghi nhận đăng ký kết quả."))


@login_required
@require_POST
def decide_refund(request, pk):
    case = _case(request, pk)
    return _run(request, case, date_inputs(RefundForm(request.POST)), "refund",
                lambda d: closing.decide_refund(case=case, user=request.user, **d),
                _("Đã ban hành quyết định thu hồi kinh phí."))


@login_required
@require_POST
def record_refund_payment(request, pk, refund_pk):
    case = _case(request, pk)
    refund = get_object_or_404(Refund, pk=refund_pk, case=case)
    form = date_inputs(RefundPaymentForm(request.POST, prefix=f"rp{refund.pk}"))
    return _run(request, case, form, f"refund_pay_{refund.pk}",
                lambda d: closing.record_refund_payment(refund=refund, user=request.user, **d),
                _("Đã ghi nhận khoản nộp trả."))
