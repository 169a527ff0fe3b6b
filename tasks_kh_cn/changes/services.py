"""Asking for and deciding extensions and amendments."""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks_kh_cn.models import TaskCase
from workflows.lifecycle import Status
from workflows.permissions import is_approver, is_host_member

from . import notices
from .models import ChangeKind, ChangeRequest, ChangeRule, ChangeStatus

# Sent inside the transaction when an approved extension moves the case's end date;
# deadlines that hang on the end date follow it. kwargs: case, old_end_date, new_end_date.
case_end_date_changed = Signal()

OPEN_STATUSES = (Status.IN_PROGRESS, Status.SUSPENDED)


def rule_for(case) -> ChangeRule:
    rule = ChangeRule.objects.filter(rule_set_id=case.rule_set_id).first()
    return rule or ChangeRule(rule_set_id=case.rule_set_id)  # the defaults, unsaved


def check_request(case, kind, extension_months, today=None) -> dict:
    """Field errors that refuse a request, each with the rule it breaks."""
    today = today or timezone.localdate()
    errors = {}
    if case.status not in OPEN_STATUSES:
        errors["__all__"] = [_("Chỉ đề nghị gia hạn, điều chỉnh khi nhiệm vụ đang thực hiện.")]
        return errors
    if kind == ChangeKind.EXTENSION:
        rule = rule_for(case)
        earlier = ChangeRequest.objects.filter(case=case, kind=kind)
        if earlier.filter(status=ChangeStatus.SUBMITTED).exists():
            errors["kind"] = [_("Đã có một đề nghị gia hạn đang chờ quyết định.")]
        elif earlier.filter(status=ChangeStatus.APPROVED).count() >= rule.max_extensions:
            # TT 09/2014: a task is extended once only.
            errors["kind"] = [_("Nhiệm vụ chỉ được gia hạn %(n)s lần và đã được gia hạn.")
                              % {"n": rule.max_extensions}]
        if case.end_date is None:
            errors.setdefault("kind", []).append(_("Nhiệm vụ chưa có ngày kết thúc hợp đồng."))
        else:
            last_day = case.end_date - relativedelta(days=rule.min_notice_days)
            if today > last_day:
                errors.setdefault("kind", []).append(_(
                    "Phải đề nghị gia hạn trước ngày kết thúc ít nhất %(days)s ngày "
                    "(chậm nhất ngày %(date)s)."
                ) % {"days": rule.min_notice_days, "date": last_day.strftime("%d/%m/%Y")})
        limit = rule.max_extension_months(case.duration_months or 0)
        if not extension_months or extension_months < 1:
            errors["extension_months"] = [_("Cần nêu số tháng gia hạn.")]
        elif extension_months > limit:
            errors["extension_months"] = [_(
                "Nhiệm vụ thực hiện %(duration)s tháng chỉ được gia hạn tối đa %(limit)s tháng."
            ) % {"duration": case.duration_months or 0, "limit": limit}]
    elif kind == ChangeKind.NAME_OBJECTIVES_PRODUCTS and case.lump_sum_mode == "final_product":
        # TT 04/2015: under a lump sum to the final product, name, objectives and products stay.
        errors["kind"] = [_("Nhiệm vụ khoán chi đến sản phẩm cuối cùng không được điều chỉnh tên, "
                            "mục tiêu, sản phẩm.")]
    return errors


@transaction.atomic
def request_change(*, case, user, kind, reason, extension_months=None) -> ChangeRequest:
    is_host_member(user, case).require()
    case = TaskCase.objects.select_for_update().get(pk=case.pk)
    errors = check_request(case, kind, extension_months)
    if not (reason or "").strip():
        errors["reason"] = [_("Cần nêu lý do.")]
    if kind not in ChangeKind.values:
        errors["kind"] = [_("Loại đề nghị không hợp lệ.")]
    if errors:
        raise ValidationError(errors)
    change = ChangeRequest(case=case, kind=kind, reason=reason.strip(), requested_by=user)
    if kind == ChangeKind.EXTENSION:
        change.extension_months = extension_months
        change.old_end_date = case.end_date
        change.new_end_date = case.end_date + relativedelta(months=extension_months)
    change.save()
    notices.change_requested(change)
    return change


@transaction.atomic
def decide_change(*, change, user, approve: bool, decision_number="", note="") -> ChangeRequest:
    is_approver(user, change.case).require()
    change = ChangeRequest.objects.select_for_update(of=("self",)).select_related("case").get(
        pk=change.pk)
    if change.status != ChangeStatus.SUBMITTED:
        raise ValidationError({"__all__": [_("Đề nghị này đã được xử lý.")]})
    if approve and not decision_number.strip():
        raise ValidationError({"decision_number": [_("Cần số văn bản chấp thuận.")]})
    if not approve and not note.strip():
        raise ValidationError({"decision_note": [_("Cần nêu lý do không chấp thuận.")]})
    (change.approve if approve else change.refuse)()
    change.decided_by, change.decided_at = user, timezone.now()
    change.decision_number, change.decision_note = decision_number.strip(), note.strip()
    change.save()
    if approve and change.kind == ChangeKind.EXTENSION:
        case = TaskCase.objects.select_for_update().get(pk=change.case_id)
        old_end = case.end_date
        TaskCase.objects.filter(pk=case.pk).update(end_date=change.new_end_date)
        case.end_date = change.new_end_date
        case_end_date_changed.send(sender=ChangeRequest, case=case, old_end_date=old_end,
                                   new_end_date=change.new_end_date)
    notices.change_decided(change, approve)
    return change


@transaction.atomic
def withdraw_change(*, change, user) -> ChangeRequest:
    is_host_member(user, change.case).require()
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.SUBMITTED:
        raise ValidationError({"__all__": [_("Đề nghị này đã được xử lý.")]})
    change.withdraw()
    change.save()
    return change
