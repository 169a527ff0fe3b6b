"""Writes on the tranche ledger: one validation path for the page, the API and the admin.

TTLT 27/2015/TTLT-BKHCN-BTC art. 13 (REGULATIONS.md B3): the first advance is at most a
share of the approved state budget; a further advance only once a share of the earlier
ones is accounted for; the funding unit confirms within a number of working days. The
figures are ``FundingRule`` rows of the case's rule set. Bad input is a field error.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from notifications.deadline_titles import titled
from notifications.models import Deadline, DueUnit
from notifications.notices import notify
from tasks_kh_cn.models import DocumentKind, TaskCase
from tasks_kh_cn.services.documents import upload_document
from workflows.deadlines import close_deadline, due_date, end_of
from workflows.lifecycle import Status
from workflows.roles import Role

from .models import FundingRuleCode, SettlementStatus, Tranche, TrancheSettlement, TrancheStatus
from .monitoring import missed_reports
from .permissions import may_confirm, may_request
from .rules import rules_for
from .selectors import PENDING, balance

# Advances during implementation; the final payment once the acceptance is rated "Đạt" or
# better (TTLT 27/2015 art. 13): those statuses follow record_acceptance only.
REQUESTABLE = (Status.IN_PROGRESS, Status.POST_REVIEW_REVISION, Status.RECOGNITION,
               Status.SETTLEMENT)
CONFIRMATION_CODE = "tranche_confirmation"


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def share_label(rule) -> str:
    if (100 * rule.numerator) % rule.denominator == 0:
        return f"{100 * rule.numerator // rule.denominator}%"
    return f"{rule.numerator}/{rule.denominator}"


def basis(rule) -> str:
    return f"{rule.legal_basis} {rule.legal_article}".strip()


def check_request(case, amount, *, rules, current) -> dict:
    """Field errors that refuse an advance of ``amount`` given the ``current`` balance."""
    if case.status not in REQUESTABLE:
        return {"__all__": [_("Chỉ đề nghị tạm ứng khi nhiệm vụ đang thực hiện, hoặc thanh toán "
                              "đợt cuối sau khi nghiệm thu đạt.")]}
    if not case.approved_budget:
        return {"__all__": [_("Nhiệm vụ chưa có kinh phí ngân sách được phê duyệt.")]}
    if current.pending:
        return {"__all__": [_("Đợt tạm ứng trước đang chờ tài chính xác nhận.")]}
    stop = rules[FundingRuleCode.MISSED_REPORTS]
    missed = missed_reports(case)
    if missed >= stop.numerator:  # TT 09/2014 art. 9: missing reports stop the funding
        return {"__all__": [_("Thiếu %(n)s báo cáo định kỳ: dừng cấp kinh phí (%(basis)s).")
                            % {"n": missed, "basis": basis(stop)}]}
    if amount is None or amount < 1:
        return {"amount": [_("Số tiền phải là số nguyên dương (VNĐ).")]}
    if current.advanced == 0:
        rule = rules[FundingRuleCode.FIRST_ADVANCE_SHARE]
        if not rule.allows(amount, case.approved_budget, at_most=True):
            return {"amount": [_(
                "Tạm ứng đợt đầu không vượt quá %(share)s kinh phí ngân sách được phê duyệt, "
                "tức %(max)s VNĐ (%(basis)s).") % {
                    "share": share_label(rule), "max": vnd(rule.share_of(case.approved_budget)),
                    "basis": basis(rule)}]}
    else:
        rule = rules[FundingRuleCode.ACCOUNTED_SHARE]
        if not rule.allows(current.accounted, current.advanced, at_most=False):
            need = -(-current.advanced * rule.numerator // rule.denominator)  # round up
            return {"__all__": [_(
                "Chỉ tạm ứng tiếp khi đã thanh toán ít nhất %(share)s số đã tạm ứng, tức "
                "%(need)s VNĐ; tài chính mới xác nhận %(done)s VNĐ (%(basis)s).") % {
                    "share": share_label(rule), "need": vnd(need),
                    "done": vnd(current.accounted), "basis": basis(rule)}]}
    if current.advanced + amount > case.approved_budget:
        return {"amount": [_("Vượt kinh phí ngân sách còn lại: %(left)s VNĐ.") % {
            "left": vnd(current.remaining)}]}
    return {}


@transaction.atomic
def request_tranche(*, case, user, amount, note="") -> Tranche:
    may_request(user, case).require()
    # One request at a time per case: the case row is the lock the rule is checked under.
    case = TaskCase.objects.select_for_update().get(pk=case.pk)
    rules = rules_for(case)
    errors = check_request(case, amount, rules=rules, current=balance(case))
    if errors:
        raise ValidationError(errors)
    number = Tranche.objects.filter(case=case).count() + 1
    rule = rules[FundingRuleCode.CONFIRMATION_DAYS]
    day = due_date(timezone.localdate(), rule.numerator, DueUnit.WORKING_DAYS)
    deadline = Deadline.objects.create(
        case=case, rule_set_id=case.rule_set_id, code=CONFIRMATION_CODE, sequence=number,
        **titled(gettext_lazy("Xác nhận, cấp tạm ứng đợt %(n)s"), {"n": number}),
        owed_by_role=Role.FINANCE, due_at=end_of(day), due_on=day, amount=rule.numerator,
        unit=DueUnit.WORKING_DAYS, legal_basis=rule.legal_basis,
        legal_article=rule.legal_article, is_default_assumption=rule.is_default_assumption,
        source_transition="tranche_requested")
    tranche = Tranche.objects.create(case=case, number=number, amount=amount, note=note,
                                     requested_by=user, deadline=deadline)
    # Finance and the officer are told (the event's audiences), once per advance.
    notify("tranche_requested", case=case, key=f"tranche:{tranche.pk}:requested",
           context={"amount": amount, "number": number, "due_on": day}, actor=user)
    return tranche


def _locked(tranche) -> Tranche:
    locked = Tranche.objects.select_for_update().select_related("case").get(pk=tranche.pk)
    return locked


@transaction.atomic
def check_tranche(*, tranche, user) -> Tranche:
    tranche = _locked(tranche)
    may_confirm(user, tranche.case).require()
    if tranche.status != TrancheStatus.REQUESTED:
        raise ValidationError({"__all__": [_("Đợt tạm ứng này không còn chờ kiểm tra.")]})
    tranche.mark_checked(by=user)
    tranche.save()
    return tranche


@transaction.atomic
def pay_tranche(*, tranche, user, paid_on, reference) -> Tranche:
    tranche = _locked(tranche)
    may_confirm(user, tranche.case).require()
    errors = {}
    if tranche.status != TrancheStatus.CHECKED:
        errors["__all__"] = [_("Chỉ cấp đợt tạm ứng đã được tài chính kiểm tra.")]
    if paid_on is None:
        errors["paid_on"] = [_("Cần ngày cấp.")]
    elif paid_on > timezone.localdate():
        errors["paid_on"] = [pgettext("tranche", "Ngày cấp không được ở tương lai.")]
    elif paid_on < timezone.localdate(tranche.requested_at):
        errors["paid_on"] = [_("Ngày cấp không được trước ngày đề nghị.")]
    if not (reference or "").strip():
        errors["reference"] = [_("Cần số chứng từ cấp kinh phí.")]
    if errors:
        raise ValidationError(errors)
    tranche.pay(by=user, paid_on=paid_on, reference=reference.strip())
    tranche.save()
    _close(tranche, user)
    notify("tranche_paid", case=tranche.case, key=f"tranche:{tranche.pk}:paid",
           context={"amount": tranche.amount, "number": tranche.number}, actor=user)
    return tranche


@transaction.atomic
def refuse_tranche(*, tranche, user, reason) -> Tranche:
    tranche = _locked(tranche)
    may_confirm(user, tranche.case).require()
    if tranche.status not in PENDING:
        raise ValidationError({"__all__": [_("Đợt tạm ứng này đã được xử lý.")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Cần nêu lý do.")]})
    tranche.refuse(by=user, reason=reason.strip())
    tranche.save()
    _close(tranche, user)  # an answer, though a refusal, meets the time limit
    return tranche


def _close(tranche, user):
    if tranche.deadline_id and tranche.deadline.status == "open":
        close_deadline(deadline=tranche.deadline, by=user, note=f"tranche:{tranche.status}")


@transaction.atomic
def record_settlement(*, tranche, user, amount, description, evidence) -> TrancheSettlement:
    """The host accounts for money of a paid advance, with its evidence (chứng từ)."""
    tranche = _locked(tranche)
    may_request(user, tranche.case).require()
    errors = {}
    if tranche.status != TrancheStatus.PAID:
        errors["__all__"] = [_("Chỉ thanh toán cho đợt tạm ứng đã được cấp.")]
    if amount is None or amount < 1:
        errors["amount"] = [_("Số tiền phải là số nguyên dương (VNĐ).")]
    else:
        used = sum(tranche.settlements.exclude(status=SettlementStatus.REJECTED)
                   .values_list("amount", flat=True))
        if used + amount > tranche.amount:
            errors["amount"] = [_("Vượt số tạm ứng đợt này chưa thanh toán: %(left)s VNĐ.") % {
                "left": vnd(tranche.amount - used)}]
    if not (description or "").strip():
        errors["description"] = [_("Cần nêu nội dung chi.")]
    if evidence is None:
        errors["evidence"] = [_("Cần tệp chứng từ.")]
    if errors:
        raise ValidationError(errors)
    count = tranche.settlements.count() + 1
    version = upload_document(
        case=tranche.case, kind=DocumentKind.FUNDS_REPORT,
        title=_("Chứng từ thanh toán tạm ứng đợt %(n)s (%(k)s)") % {"n": tranche.number,
                                                                   "k": count},
        uploaded=evidence, user=user, field="evidence")
    return TrancheSettlement.objects.create(tranche=tranche, amount=amount,
                                            description=description.strip(), evidence=version,
                                            recorded_by=user)


@transaction.atomic
def review_settlement(*, settlement, user, accept, note="") -> TrancheSettlement:
    settlement = (TrancheSettlement.objects.select_for_update()
                  .select_related("tranche__case").get(pk=settlement.pk))
    may_confirm(user, settlement.tranche.case).require()
    if settlement.status != SettlementStatus.SUBMITTED:
        raise ValidationError({"__all__": [_("Khoản thanh toán này đã được xử lý.")]})
    if accept:
        settlement.accept(by=user, note=(note or "").strip())
    else:
        if not (note or "").strip():
            raise ValidationError({"note": [_("Cần nêu lý do không xác nhận.")]})
        settlement.reject(by=user, note=note.strip())
    settlement.save()
    return settlement
