"""Asking for and deciding extensions and amendments."""

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tasks_kh_cn import rules as case_rules
from tasks_kh_cn.funding.closing import person_restricted_until
from tasks_kh_cn.funding.issuing import issue_document
from tasks_kh_cn.models import Membership, TaskCase, TransitionLog
from tasks_kh_cn.people import person_name
from workflows.deadlines import due_date
from workflows.lifecycle import Status
from workflows.permissions import is_approver, is_host_member

from . import notices
from .deadlines import close_decision_deadline, open_decision_deadline
from .models import (  # noqa: F401
    AMENDED_FIELDS,
    AmendmentDecider,
    ChangeKind,
    ChangeRequest,
    ChangeRule,
    ChangeStatus,
    LumpSumMode,
)
from .signals import case_end_date_changed  # noqa: F401  (re-exported for listeners)

User = get_user_model()
OPEN_STATUSES = (Status.IN_PROGRESS, Status.SUSPENDED)
# The history line of an applied change (tasks_kh_cn.templatetags.khcn.DESK_EVENTS).
AMEND_EVENT = "amend_case"
# The case's fields each kind of change carries (the rest is recorded, not applied).
KIND_FIELDS = {
    ChangeKind.EXTENSION: ("end_date",),
    ChangeKind.SHORTENING: ("end_date",),
    ChangeKind.CONTENT: ("summary",),
    ChangeKind.NAME_OBJECTIVES_PRODUCTS: ("title", "summary"),
    ChangeKind.LEADER: ("leader",),
}


def rule_for(case) -> ChangeRule:
    return case_rules.change_rule(case)


def extension_cutoff(case):
    """(last day to ask for an extension, its deadline rule), from the case's version.

    One source: the deadline rule ``extension_request_cutoff`` (TT 09/2014: at least 1 month
    before the contract ends) both opens the reminder and refuses a late request.
    """
    rule = case_rules.deadline_rule(case, "extension_request_cutoff")
    if rule is None or case.end_date is None:
        return None, rule
    return due_date(case.end_date, rule.amount, rule.unit, roll=False), rule


END_DATE_KINDS = (ChangeKind.EXTENSION, ChangeKind.SHORTENING)


def check_request(case, kind, extension_months, today=None) -> dict:
    """Field errors that refuse a request, each with the rule it breaks."""
    today = today or timezone.localdate()
    errors = {}
    if case.status not in OPEN_STATUSES:
        errors["__all__"] = [_("Chỉ đề nghị gia hạn, điều chỉnh khi nhiệm vụ đang thực hiện.")]
        return errors
    if kind in END_DATE_KINDS:
        # Two pending requests that each move the end (an extension and a shortening) would
        # be decided against an end date the other changes: one at a time.
        # (A pending extension before another has its own message below.)
        blocking = (ChangeKind.SHORTENING,) if kind == ChangeKind.EXTENSION else END_DATE_KINDS
        pending = (ChangeRequest.objects.filter(case=case, kind__in=blocking,
                                                status=ChangeStatus.SUBMITTED)
                   .values_list("kind", flat=True).first())
        if pending is not None:
            errors["kind"] = [_("Đã có một đề nghị “%(kind)s” đang chờ quyết định: đề nghị "
                                "này đổi cùng ngày kết thúc.") % {
                                    "kind": ChangeKind(pending).label}]
    if kind == ChangeKind.EXTENSION:
        rule = rule_for(case)
        earlier = ChangeRequest.objects.filter(case=case, kind=kind)
        if earlier.filter(status=ChangeStatus.SUBMITTED).exists():
            errors["kind"] = [_("Đã có một đề nghị gia hạn đang chờ quyết định.")]
        elif earlier.filter(status=ChangeStatus.APPROVED).count() >= rule.max_extensions:
            # TT 09/2014: a task is extended once only.
            errors["kind"] = [_("Nhiệm vụ chỉ được gia hạn %(n)s lần và đã được gia hạn.")
                              % {"n": rule.max_extensions}]
        last_day, cutoff = extension_cutoff(case)
        if case.end_date is None:
            errors.setdefault("kind", []).append(_("Nhiệm vụ chưa có ngày kết thúc hợp đồng."))
        elif last_day is not None and today > last_day:
            errors.setdefault("kind", []).append(_(
                "Phải đề nghị gia hạn chậm nhất ngày %(date)s (%(basis)s %(article)s)."
            ) % {"date": last_day.strftime("%d/%m/%Y"), "basis": cutoff.legal_basis,
                 "article": cutoff.legal_article})
        limit = rule.max_extension_months(case.duration_months or 0)
        if not extension_months or extension_months < 1:
            errors["extension_months"] = [_("Cần nêu số tháng gia hạn.")]
        elif extension_months > limit:
            errors["extension_months"] = [_(
                "Nhiệm vụ thực hiện %(duration)s tháng chỉ được gia hạn tối đa %(limit)s tháng."
            ) % {"duration": case.duration_months or 0, "limit": limit}]
    rule = case_rules.amendment_rule(case, kind)
    if rule is not None and rule.decided_by == AmendmentDecider.FORBIDDEN:
        # TT 04/2015: under a lump sum to the final product, name, objectives and products stay.
        errors.setdefault("kind", []).append(_(
            "Nhiệm vụ %(mode)s không được “%(kind)s” (%(basis)s, %(article)s)."
        ) % {"mode": LumpSumMode(rule.lump_sum_mode).label,
             "kind": ChangeKind(kind).label.lower(), "basis": rule.legal_basis,
             "article": rule.legal_article})
    return errors


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def check_proposed(case, kind, proposed, content_done_percent=None, today=None) -> dict:
    """Field errors of what an amendment would change on the case (one path for the page,
    the API and the admin); ``proposed`` holds ``title``, ``summary``, ``end_date`` (a date)
    and ``leader`` (a user), as the kind needs."""
    today = today or timezone.localdate()
    proposed, errors = proposed or {}, {}
    fields = KIND_FIELDS.get(kind, ())
    if "title" in fields or "summary" in fields:
        given = {f: _text(proposed.get(f)) for f in ("title", "summary") if f in fields}
        if not any(given.values()):
            for field in given:
                errors[field] = [_("Cần nêu nội dung mới sau điều chỉnh.")]
        for field, value in given.items():
            if value and value == (getattr(case, field) or "").strip():
                errors[field] = [_("Nội dung mới trùng với nội dung hiện tại.")]
        if len(given.get("title", "")) > 500:
            errors["title"] = [_("Tên nhiệm vụ không quá 500 ký tự.")]
    if "leader" in fields:
        leader = proposed.get("leader")
        if leader is None:
            errors["leader"] = [_("Cần chọn chủ nhiệm nhiệm vụ mới.")]
        elif leader.pk == case.leader_id:
            errors["leader"] = [_("Người này đang là chủ nhiệm nhiệm vụ.")]
        elif not Membership.objects.filter(user=leader, organisation_id=case.host_id).exists():
            errors["leader"] = [_("Chủ nhiệm mới phải thuộc tổ chức chủ trì.")]
        else:
            until = person_restricted_until(leader, today)
            if until is not None:
                errors["leader"] = [_("Người này đang bị hạn chế tham gia đến %(date)s.") % {
                    "date": until.strftime("%d/%m/%Y")}]
    if kind == ChangeKind.SHORTENING:
        end = proposed.get("end_date")
        if end is None:
            errors["end_date"] = [_("Cần nêu ngày kết thúc mới.")]
        elif case.end_date is None or end >= case.end_date:
            errors["end_date"] = [_("Ngày kết thúc mới phải trước ngày kết thúc hiện tại "
                                    "(%(date)s).") % {"date": case.end_date.strftime("%d/%m/%Y")
                                                      if case.end_date else "—"}]
        elif end < today:
            errors["end_date"] = [_("Ngày kết thúc mới không được trước hôm nay.")]
        rule = case_rules.amendment_rule(case, kind)
        if content_done_percent is None or not 0 <= content_done_percent <= 100:
            errors["content_done_percent"] = [_("Cần nêu tỷ lệ nội dung đã thực hiện (0–100%).")]
        elif rule is None:
            errors["content_done_percent"] = [_("Chưa có quy tắc rút ngắn thời gian cho nhiệm "
                                                "vụ này.")]
        elif not rule.done_enough(content_done_percent):
            # TT 09/2014: shortening only once at least 2/3 of the content is done.
            errors["content_done_percent"] = [_(
                "Chỉ rút ngắn thời gian khi đã thực hiện ít nhất %(share)s nội dung (%(basis)s, "
                "%(article)s); mới thực hiện %(done)s%%."
            ) % {"share": f"{rule.min_done_numerator}/{rule.min_done_denominator}",
                 "basis": rule.legal_basis, "article": rule.legal_article,
                 "done": content_done_percent}]
    return errors


def _stored(proposed, kind) -> dict:
    out = {}
    for field in KIND_FIELDS.get(kind, ()):
        value = proposed.get(field)
        if field == "leader" and value is not None:
            out[field] = value.pk
        elif field == "end_date" and value is not None:
            out[field] = value.isoformat()
        elif _text(value):
            out[field] = _text(value)
    return out


@transaction.atomic
def request_change(*, case, user, kind, reason, extension_months=None, proposed=None,
                   content_done_percent=None) -> ChangeRequest:
    """The host asks; a change the rules let the host decide itself (TT 04/2015) is applied
    at once and reported to the department by the same notice."""
    is_host_member(user, case).require()
    case = TaskCase.objects.select_for_update().get(pk=case.pk)
    proposed = proposed or {}
    errors = check_request(case, kind, extension_months)
    if not errors:
        errors = check_proposed(case, kind, proposed, content_done_percent)
    if not (reason or "").strip():
        errors["reason"] = [_("Cần nêu lý do.")]
    if kind not in ChangeKind.values:
        errors["kind"] = [_("Loại đề nghị không hợp lệ.")]
    if errors:
        raise ValidationError(errors)
    change = ChangeRequest(case=case, kind=kind, reason=reason.strip(), requested_by=user,
                           proposed=_stored(proposed, kind))
    if kind == ChangeKind.EXTENSION:
        change.extension_months = extension_months
        change.new_end_date = case.end_date + relativedelta(months=extension_months)
        change.proposed = {"end_date": change.new_end_date.isoformat()}
    if kind == ChangeKind.SHORTENING:
        change.new_end_date = proposed["end_date"]
        change.content_done_percent = content_done_percent
    if change.new_end_date:
        change.old_end_date = case.end_date
    rule = case_rules.amendment_rule(case, kind)
    if rule is not None and rule.decided_by == AmendmentDecider.HOST:
        change.self_approve()
        change.decided_by, change.decided_at = user, timezone.now()
        change.save()
        apply_change(change, case, user, issue=False)
        notices.change_requested(change)
        return change
    change.save()
    open_decision_deadline(change, rule_for(case))
    notices.change_requested(change)
    return change


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    if field == "end_date":
        return value.isoformat()  # shown per the reader's language (khcn.amended_value)
    if field == "leader":
        return person_name(value)
    return str(value)


def as_vietnamese(entry, side) -> str:
    value = entry[side]
    if entry["field"] == "end_date" and value != "—":
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    return value


def apply_change(change, case, user, *, issue=True) -> list[dict]:
    """Write the approved change's fields on the (locked) case, in the caller's transaction,
    with each field's before and after on the change and in the case's history; the
    department's approval is issued as a numbered annex to the contract (``issue``)."""
    users = User.objects.select_related("profile").in_bulk(
        {pk for pk in (case.leader_id, change.proposed.get("leader")) if pk})
    applied, updates, old_end = [], {}, case.end_date
    for field in KIND_FIELDS.get(change.kind, ()):
        if field not in change.proposed:
            continue
        raw = change.proposed[field]
        if field == "leader":
            if raw not in users:
                raise ValidationError({"leader": [_("Cần chọn chủ nhiệm nhiệm vụ mới.")]})
            before, after = users.get(case.leader_id), users[raw]
            updates["leader_id"] = raw
            case.leader = after
        elif field == "end_date":
            before, after = case.end_date, datetime.date.fromisoformat(raw)
            updates["end_date"] = after
            case.end_date = after
        else:
            before, after = getattr(case, field), raw
            updates[field] = after
            setattr(case, field, after)
        applied.append({"field": field, "before": _display(field, before),
                        "after": _display(field, after)})
    if updates:
        TaskCase.objects.filter(pk=case.pk).update(updated_at=timezone.now(), **updates)
    change.applied = applied
    if issue:
        with translation.override("vi"):  # the department's documents are in Vietnamese
            summary = "; ".join(
                f"{AMENDED_FIELDS[a['field']]}: {as_vietnamese(a, 'before')} → "
                f"{as_vietnamese(a, 'after')}" for a in applied) or change.reason
            text = f"{change.get_kind_display()}. {summary}"
        change.amendment_document = issue_document(case=case, kind="amendment", user=user,
                                                   extra={"amendment": text})
    change.save(update_fields=["applied", "amendment_document"])
    TransitionLog.objects.create(
        case=case, transition=AMEND_EVENT, from_status=case.status, to_status=case.status,
        actor=user, at=timezone.now(), comment=change.reason,
        payload={"change": change.pk, "kind": change.kind, "changes": applied,
                 "decision_number": change.decision_number,
                 "document": getattr(change.amendment_document, "register_number", "")})
    if "end_date" in updates:
        case_end_date_changed.send(sender=ChangeRequest, case=case,
                                   old_end_date=old_end, new_end_date=case.end_date)
    return applied


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
    close_decision_deadline(change, "decide_change")
    if approve:
        case = TaskCase.objects.select_for_update().get(pk=change.case_id)
        apply_change(change, case, user)
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
    close_decision_deadline(change, "withdraw_change")
    return change
