"""Validated payloads of transitions.

One Django form per kind of payload serves the web page and the API alike, so a
bad payload gives the same field-level errors (in the user's language) everywhere.
``clean_for(case)`` lets a payload check itself against the case.
"""

from fractions import Fraction

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.fields import MoneyField
from tasks_kh_cn.numbers import money

from .named_conditions import Named

# TT 35/2021 art. 11(1); NĐ 80/2021 art. 13: what the support app finds wrong with an approved
# enterprise-support budget (registered by tasks_kh_cn.support, which reads the case's data).
SUPPORT_APPROVAL_PROBLEMS = Named("support_approval_problems")
# TTLT 27/2015 art. 13: what the case's tranche ledger has accounted for (accepted settlement
# rows; registered by tasks_kh_cn.funding). The settlement is the ledger's, not a free figure.
LEDGER_ACCOUNTED_TOTAL = Named("ledger_accounted_total")


class Payload(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def summary(self) -> dict:
        """What the history row keeps of the payload: JSON-safe cleaned values."""
        out = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            out[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return out


class ReasonPayload(Payload):
    comment = forms.CharField(
        label=_("Lý do"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Cần nêu lý do.")},
    )


class ReturnPayload(ReasonPayload):
    """Return for completion: the reason and how long the host has to complete it."""

    due_working_days = forms.IntegerField(
        # No initial figure: a pre-filled 5 overrode the rule set's deadline (10 working days
        # under TT 06) for whoever did not clear it, against the help text's promise.
        label=_("Thời hạn bổ sung (ngày làm việc)"), min_value=1, max_value=60,
        required=False,
        help_text=_("Để trống để dùng thời hạn theo bộ quy tắc."),
    )


class DecisionPayload(Payload):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64)
    decision_date = forms.DateField(label=_("Ngày quyết định"))

    def clean_decision_date(self):
        value = self.cleaned_data["decision_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Ngày quyết định không được ở tương lai."))
        return value


class BudgetAppraisalPayload(Payload):
    appraised_budget = MoneyField(label=_("Kinh phí thẩm định (VNĐ)"), min_value=1)

    def clean_appraised_budget(self):
        value = self.cleaned_data["appraised_budget"]
        if self.case is not None and self.case.requested_budget and value > self.case.requested_budget:
            raise forms.ValidationError(
                _("Kinh phí thẩm định không được vượt kinh phí đề nghị (%(amount)s VNĐ).")
                % {"amount": money(self.case.requested_budget)}
            )
        return value


class ApprovalPayload(Payload):
    """TT 20/2023: the approval fixes host, leader, budget, lump-sum mode and duration. The
    decision's number and date are the register's (funding.issuing), not typed."""

    LUMP_SUM_CHOICES = [
        ("final_product", _("Khoán chi đến sản phẩm cuối cùng")),
        ("partial", _("Khoán chi từng phần")),
    ]
    approved_budget = MoneyField(label=_("Kinh phí phê duyệt (VNĐ)"), min_value=1)
    lump_sum_mode = forms.ChoiceField(label=_("Phương thức khoán chi"), choices=LUMP_SUM_CHOICES)
    duration_months = forms.IntegerField(label=_("Thời gian thực hiện (tháng)"), min_value=1,
                                         max_value=60)

    def clean_approved_budget(self):
        value = self.cleaned_data["approved_budget"]
        ceiling = self.case.appraised_budget if self.case is not None else None
        if ceiling and value > ceiling:
            raise forms.ValidationError(
                _("Kinh phí phê duyệt không được vượt kinh phí đã thẩm định (%(amount)s VNĐ).")
                % {"amount": money(ceiling)}
            )
        # TT 35/2021 art. 11(1); NĐ 80/2021 art. 13: support within the supportable total
        # and the enterprise's yearly cap.
        problems = SUPPORT_APPROVAL_PROBLEMS.target(self.case, value)
        if problems:
            raise forms.ValidationError(problems)
        return value


class ContractPayload(Payload):
    """The contract's number is the register's, given when it is issued (funding.issuing)."""

    first_advance = MoneyField(label=_("Tạm ứng đợt 1 (VNĐ)"), min_value=0)

    def clean_first_advance(self):
        # TTLT 27/2015 art. 13: the first advance is at most a share of the approved budget;
        # the share is the figure "first_advance_max_share" of the case's rule version.
        value = self.cleaned_data["first_advance"]
        if self.case is not None and self.case.approved_budget:
            row = self.case.rule_figure("first_advance_max_share")
            share = Fraction(str(row.value)) if row is not None else Fraction(1)
            # Exact: money in integer VND, the share a fraction, rounded down.
            limit = self.case.approved_budget * share.numerator // share.denominator
            if value > limit:
                raise forms.ValidationError(
                    _("Tạm ứng đợt 1 không vượt quá %(share)s kinh phí được duyệt (%(amount)s "
                      "VNĐ; %(basis)s).")
                    % {"share": row.value if row else "1/1", "amount": money(limit),
                       "basis": f"{row.legal_basis} {row.legal_article}" if row else "—"}
                )
        return value


class CountersignPayload(Payload):
    start_date = forms.DateField(label=_("Ngày bắt đầu thực hiện"))


class AcceptanceResultPayload(Payload):
    RATING_CHOICES = [("excellent", _("Xuất sắc")), ("pass", _("Đạt"))]
    rating = forms.ChoiceField(label=_("Kết quả đánh giá"), choices=RATING_CHOICES)
    # The recognition decision cites the acceptance minutes by their number (TT 11/2014).
    minutes_number = forms.CharField(label=_("Số biên bản"), max_length=64, error_messages={
        "required": _("Cần số biên bản họp hội đồng nghiệm thu.")})


class SettlementPayload(Payload):
    settled_amount = MoneyField(
        label=_("Kinh phí quyết toán (VNĐ)"), min_value=0, required=False,
        help_text=_("Để trống: lấy tổng số đã thanh toán trên sổ tạm ứng."))

    def clean_settled_amount(self):
        value = self.cleaned_data["settled_amount"]
        if self.case is not None:
            # The ledger settles: the amount is the sum of its accepted settlement rows; a
            # figure typed in is only a confirmation of it.
            ledger = LEDGER_ACCOUNTED_TOTAL.target(self.case)
            if value is None:
                value = ledger
            elif value != ledger:
                raise forms.ValidationError(
                    _("Kinh phí quyết toán phải bằng tổng đã thanh toán trên sổ tạm ứng: "
                      "%(amount)s VNĐ.") % {"amount": money(ledger)})
        if self.case is not None and self.case.approved_budget and value > self.case.approved_budget:
            raise forms.ValidationError(
                _("Kinh phí quyết toán không được vượt kinh phí được duyệt.")
            )
        return value
