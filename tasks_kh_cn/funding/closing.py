"""After "Không đạt" or termination: restriction for the rule's period, and the refund.

TT 11/2014 (REGULATIONS.md B5): for "Không đạt" the authority decides the refund and the host
is restricted from future calls; termination (B4) ends with a refund decision too. The
period is the ``restriction_months`` rule row of the case's rule set (with its flag when the
figure is an assumption); a daily beat task lifts what has ended.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.deadline_titles import in_both, titled
from notifications.models import Deadline, DueUnit
from notifications.notices import notify
from tasks_kh_cn.models import Organisation
from tasks_kh_cn.notices import notify_restriction
from workflows.deadlines import close_deadline, end_of
from workflows.lifecycle import Status
from workflows.permissions import is_approver, is_finance
from workflows.roles import Role
from workflows.services import case_transitioned

from .closing_models import Refund, RefundPayment, RefundStatus, Restriction, ResultsRegistration
from .issuing import issue_document, vnd
from .models import FundingRuleCode
from .permissions import may_register_results
from .rules import rules_for
from .selectors import balance

FAILED_TRANSITIONS = ("fail_acceptance", "terminate")
REFUNDABLE = (Status.REJECTED, Status.TERMINATED)


def restrict(*, case, reason, reason_en="", today=None) -> list[Restriction]:
    """The host organisation and the task leader, from today for the rule's months.
    ``reason`` is the record (Vietnamese); ``reason_en`` what English pages show of it."""
    today = today or timezone.localdate()
    rule = rules_for(case)[FundingRuleCode.RESTRICTION_MONTHS]
    ends_on = today + relativedelta(months=rule.numerator)
    common = dict(case=case, starts_on=today, ends_on=ends_on, reason=reason,
                  legal_basis=f"{rule.legal_basis} {rule.legal_article}".strip(),
                  is_default_assumption=rule.is_default_assumption)
    rows = [Restriction(organisation=case.host, **common)]
    leader_id = case.leader_id or case.created_by_id
    rows.append(Restriction(person_id=leader_id, **common))
    Restriction.objects.bulk_create(rows)
    host = Organisation.objects.select_for_update().get(pk=case.host_id)
    # A longer restriction already running stays; a shorter one is extended to this end.
    if not host.is_restricted(today) or (host.restricted_until and host.restricted_until < ends_on):
        host.restricted_from_calls = True
        host.restricted_until = ends_on
        host.restriction_reason = reason
        host.restriction_reason_en = reason_en
        host.save(update_fields=["restricted_from_calls", "restricted_until",
                                 "restriction_reason", "restriction_reason_en"])
    notify_restriction(case, host, reason, ends_on)  # the host is told, with the end date
    return rows


@receiver(case_transitioned, dispatch_uid="funding.restrict_on_failure")
def restrict_on_failure(sender, case, transition, payload=None, **kwargs):
    if transition not in FAILED_TRANSITIONS:
        return
    # Both languages, whatever the language of the request that failed the case: the
    # Vietnamese is the record; the reason typed stays as it was typed.
    what = (gettext_lazy("nghiệm thu không đạt") if transition == "fail_acceptance"
            else gettext_lazy("chấm dứt hợp đồng"))
    vi, en = in_both(gettext_lazy("Nhiệm vụ %(code)s %(what)s"), {"code": case.code, "what": what})
    comment = (payload or {}).get("comment", "").strip()
    restrict(case=case, reason=f"{vi}: {comment}" if comment else vi,
             reason_en=f"{en}: {comment}" if comment else en)


def lift_ended_restrictions(today=None) -> int:
    """The daily sweep: restrictions whose end has passed are lifted (idempotent)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        ended = Restriction.objects.filter(lifted_on__isnull=True, ends_on__lt=today)
        organisations = list(ended.exclude(organisation=None).values_list("organisation_id",
                                                                          flat=True))
        count = ended.update(lifted_on=today)
        still = Restriction.objects.filter(lifted_on__isnull=True,
                                           organisation_id__in=organisations)
        Organisation.objects.filter(pk__in=organisations, restricted_from_calls=True,
                                    restricted_until__lt=today).exclude(
            pk__in=still.values("organisation_id")).update(restricted_from_calls=False)
    return count


def person_restricted_until(user, today=None) -> datetime.date | None:
    """The end of the person's running restriction (a user or a user id), or None."""
    today = today or timezone.localdate()
    row = (Restriction.objects.filter(person=user, lifted_on__isnull=True, ends_on__gte=today)
           .order_by("-ends_on").first())
    return row.ends_on if row else None


@transaction.atomic
def decide_refund(*, case, user, amount, due_on, reason) -> Refund:
    """The approver decides the refund; the decision is issued and numbered; the host owes
    it by ``due_on`` (a deadline on its desk)."""
    is_approver(user, case).require()
    errors = {}
    if case.status not in REFUNDABLE:
        errors["__all__"] = [_("Chỉ quyết định thu hồi khi nhiệm vụ nghiệm thu không đạt hoặc "
                               "bị chấm dứt.")]
    advanced = balance(case).advanced
    if amount is None or amount < 1:
        errors["amount"] = [_("Số tiền phải là số nguyên dương (VNĐ).")]
    elif amount > advanced:
        errors["amount"] = [_("Không vượt số kinh phí đã cấp: %(amount)s VNĐ.") % {
            "amount": vnd(advanced)}]
    if due_on is None or due_on <= timezone.localdate():
        errors["due_on"] = [_("Hạn nộp phải sau hôm nay.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Cần nêu lý do.")]
    if errors:
        raise ValidationError(errors)
    decision = issue_document(case=case, kind="refund_decision", user=user, extra={
        "refund_amount": vnd(amount), "refund_due": due_on.strftime("%d/%m/%Y")})
    deadline = Deadline.objects.create(
        case=case, rule_set_id=case.rule_set_id, code="refund", sequence=1,
        **titled(gettext_lazy("Nộp trả kinh phí thu hồi (%(number)s)"),
                 {"number": decision.register_number}),
        owed_by_role=Role.ENTERPRISE, owed_by_user_id=case.leader_id, due_at=end_of(due_on),
        due_on=due_on, amount=(due_on - timezone.localdate()).days, unit=DueUnit.CALENDAR_DAYS,
        legal_basis=decision.register_number, source_transition="refund_decided")
    refund = Refund.objects.create(case=case, amount=amount, due_on=due_on,
                                   reason=reason.strip(), decision=decision, deadline=deadline,
                                   decided_by=user)
    notify("refund_due", case=case, key=f"refund:{refund.pk}",
           context={"amount": amount, "due_on": due_on, "decision": decision.register_number},
           actor=user)
    return refund


def outstanding(refund) -> int:
    return refund.amount - sum(refund.payments.values_list("amount", flat=True))


@transaction.atomic
def record_refund_payment(*, refund, user, amount, paid_on, reference) -> Refund:
    """Finance records money paid back; the refund is paid when nothing is outstanding."""
    refund = Refund.objects.select_for_update(of=("self",)).select_related("case", "deadline").get(
        pk=refund.pk)
    is_finance(user, refund.case).require()
    errors = {}
    left = outstanding(refund)
    if refund.status != RefundStatus.DUE:
        errors["__all__"] = [_("Khoản thu hồi này đã nộp đủ.")]
    if amount is None or amount < 1:
        errors["amount"] = [_("Số tiền phải là số nguyên dương (VNĐ).")]
    elif amount > left:
        errors["amount"] = [_("Vượt số còn phải nộp: %(amount)s VNĐ.") % {"amount": vnd(left)}]
    if paid_on is None or paid_on > timezone.localdate():
        errors["paid_on"] = [_("Ngày nộp không được ở tương lai.")]
    if not (reference or "").strip():
        errors["reference"] = [_("Cần số chứng từ.")]
    if errors:
        raise ValidationError(errors)
    RefundPayment.objects.create(refund=refund, amount=amount, paid_on=paid_on,
                                 reference=reference.strip(), recorded_by=user)
    if amount == left:
        refund.mark_paid()
        refund.save()
        if refund.deadline_id and refund.deadline.status == "open":
            close_deadline(deadline=refund.deadline, by=user, note="refund:paid")
    return refund


REGISTRABLE = (Status.POST_REVIEW_REVISION, Status.RECOGNITION)


@transaction.atomic
def register_results(*, case, user, certificate_number, certificate_date) -> ResultsRegistration:
    """The host (or the case's officer) records the registration certificate of the results,
    which the recognition decision waits for (conditions.ResultsRegistered)."""
    may_register_results(user, case).require()
    errors = {}
    if case.status not in REGISTRABLE:
        errors["__all__"] = [_("Chỉ ghi nhận đăng ký kết quả sau khi nghiệm thu đạt, trước khi "
                               "công nhận kết quả.")]
    elif ResultsRegistration.objects.filter(case=case).exists():
        errors["__all__"] = [_("Kết quả nhiệm vụ đã được đăng ký.")]
    if not (certificate_number or "").strip():
        errors["certificate_number"] = [_("Cần số giấy chứng nhận.")]
    if certificate_date is None or certificate_date > timezone.localdate():
        errors["certificate_date"] = [_("Ngày cấp không được ở tương lai.")]
    if errors:
        raise ValidationError(errors)
    return ResultsRegistration.objects.create(case=case, certificate_number=certificate_number
                                              .strip(), certificate_date=certificate_date,
                                              recorded_by=user)
