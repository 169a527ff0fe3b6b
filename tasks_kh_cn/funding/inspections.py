"""Inspections during implementation (TT 04/2015/TT-BKHCN; REGULATIONS.md B4 [V]).

The case's officer plans a yearly or ad hoc inspection on a date at least the rule's working
days after today (the host is told at once: ``inspection_notice``), records the minutes
(findings and required actions, each with a due date); each action gives the host a
``notifications.Deadline`` to confirm it within the rule's working days after its due date
(reminders and the host's desk through the existing deadline system); the host confirms,
the officer accepts; the inspection closes when every action is accepted.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.deadline_titles import titled
from notifications.models import Deadline, DueUnit
from notifications.notices import notify
from notifications.workdays import add_working_days
from tasks_kh_cn.models import DocumentKind
from tasks_kh_cn.services.documents import upload_document
from workflows.deadlines import close_deadline, end_of
from workflows.lifecycle import Status
from workflows.permissions import is_assigned_officer, is_host_member
from workflows.roles import Role

from .inspection_models import ActionStatus, Inspection, InspectionAction, InspectionStatus
from .models import FundingRuleCode
from .rules import rules_for

INSPECTABLE = (Status.IN_PROGRESS, Status.SUSPENDED)
CONFIRMATION_CODE = "inspection_confirmation"
MAX_ACTIONS = 50


def earliest_inspection_day(case, today=None) -> tuple[datetime.date, object]:
    """The first date an inspection planned today may take place, and the rule that says so."""
    rule = rules_for(case)[FundingRuleCode.INSPECTION_NOTICE_DAYS]
    return add_working_days(today or timezone.localdate(), rule.numerator), rule


def _basis(rule) -> str:
    return f"{rule.legal_basis}{' — ' + rule.legal_article if rule.legal_article else ''}"


@transaction.atomic
def plan_inspection(*, case, user, kind, inspect_on, note="") -> Inspection:
    is_assigned_officer(user, case).require()
    errors = {}
    if case.status not in INSPECTABLE:
        errors["__all__"] = [_("Chỉ kiểm tra nhiệm vụ đang thực hiện hoặc tạm dừng.")]
    today = timezone.localdate()
    earliest, rule = earliest_inspection_day(case, today)
    if inspect_on is None:
        errors["inspect_on"] = [_("Cần chọn ngày kiểm tra.")]
    elif inspect_on < earliest:
        errors["inspect_on"] = [_(
            "Phải thông báo cho tổ chức chủ trì trước ít nhất %(n)s ngày làm việc: ngày kiểm "
            "tra sớm nhất là %(day)s (%(basis)s).") % {
                "n": rule.numerator, "day": f"{earliest:%d/%m/%Y}", "basis": _basis(rule)}]
    if errors:
        raise ValidationError(errors)
    inspection = Inspection.objects.create(
        case=case, kind=kind, inspect_on=inspect_on, notified_on=today,
        notice_working_days=rule.numerator, legal_basis=rule.legal_basis,
        legal_article=rule.legal_article, note=note or "", planned_by=user)
    notify("inspection_notice", case=case, key=f"inspection:{inspection.pk}:planned",
           context={"inspection_on": inspect_on, "kind": inspection.get_kind_display(),
                    "note": inspection.note}, actor=user)
    return inspection


def _clean_actions(actions, recorded_on) -> tuple[list[dict], list[str]]:
    cleaned, problems = [], []
    for n, action in enumerate(actions or [], start=1):
        text = (action.get("description") or "").strip()
        due_on = action.get("due_on")
        if not text and due_on is None:
            continue
        if not text:
            problems.append(_("Yêu cầu %(n)s: cần nêu nội dung khắc phục.") % {"n": n})
        elif due_on is None:
            problems.append(_("Yêu cầu %(n)s: cần hạn khắc phục.") % {"n": n})
        elif due_on < recorded_on:
            problems.append(_("Yêu cầu %(n)s: hạn khắc phục không được trước ngày lập biên "
                              "bản.") % {"n": n})
        else:
            cleaned.append({"description": text, "due_on": due_on})
    if len(cleaned) > MAX_ACTIONS:
        problems.append(_("Tối đa %(n)s yêu cầu khắc phục.") % {"n": MAX_ACTIONS})
    return cleaned, problems


@transaction.atomic
def record_minutes(*, inspection, user, findings, actions=(), minutes=None) -> Inspection:
    """The minutes: findings, and the required actions (each with its due date), each owing
    the host a confirmation within the rule's working days after its due date."""
    inspection = Inspection.objects.select_for_update(of=("self",)).select_related("case").get(
        pk=inspection.pk)
    case = inspection.case
    is_assigned_officer(user, case).require()
    errors = {}
    today = timezone.localdate()
    if inspection.status != InspectionStatus.PLANNED:
        errors["__all__"] = [_("Biên bản của đợt kiểm tra này đã được lập.")]
    elif inspection.inspect_on > today:
        errors["__all__"] = [_("Chỉ lập biên bản từ ngày kiểm tra (%(day)s).") % {
            "day": f"{inspection.inspect_on:%d/%m/%Y}"}]
    if not (findings or "").strip():
        errors["findings"] = [_("Cần ghi kết quả kiểm tra.")]
    cleaned, problems = _clean_actions(actions, today)
    if problems:
        errors["actions"] = problems
    if errors:
        raise ValidationError(errors)
    if minutes is not None:
        inspection.minutes = upload_document(
            case=case, kind=DocumentKind.EVIDENCE,
            title=_("Biên bản kiểm tra ngày %(day)s") % {"day": f"{inspection.inspect_on:%d/%m/%Y}"},
            uploaded=minutes, user=user, field="minutes")
    inspection.record(by=user, findings=findings.strip())
    if not cleaned:
        inspection.close()
    inspection.save()
    rule = rules_for(case)[FundingRuleCode.INSPECTION_CONFIRMATION_DAYS]
    for number, action in enumerate(cleaned, start=1):
        day = add_working_days(action["due_on"], rule.numerator)
        deadline = Deadline.objects.create(
            case=case, rule_set_id=case.rule_set_id, code=CONFIRMATION_CODE,
            sequence=number,
            **titled(gettext_lazy("Xác nhận khắc phục sau kiểm tra: %(what)s"),
                     {"what": action["description"][:180]}),
            owed_by_role=Role.ENTERPRISE, owed_by_user_id=case.leader_id,
            due_at=end_of(day), due_on=day, amount=rule.numerator, unit=DueUnit.WORKING_DAYS,
            legal_basis=rule.legal_basis, legal_article=rule.legal_article,
            is_default_assumption=rule.is_default_assumption,
            source_transition="inspection_minutes")
        InspectionAction.objects.create(inspection=inspection, number=number,
                                        deadline=deadline, **action)
    return inspection


def _locked_action(action) -> InspectionAction:
    return (InspectionAction.objects.select_for_update(of=("self",))
            .select_related("inspection__case", "deadline").get(pk=action.pk))


@transaction.atomic
def confirm_action(*, action, user, confirmation) -> InspectionAction:
    """The host confirms what it did; its deadline closes."""
    action = _locked_action(action)
    is_host_member(user, action.inspection.case).require()
    if action.status != ActionStatus.OPEN:
        raise ValidationError({"__all__": [_("Yêu cầu này đã được xác nhận.")]})
    if not (confirmation or "").strip():
        raise ValidationError({"confirmation": [_("Cần nêu việc đã khắc phục.")]})
    action.confirm(by=user, text=confirmation.strip())
    action.save()
    if action.deadline_id and action.deadline.status == "open":
        close_deadline(deadline=action.deadline, by=user, note=f"inspection_action:{action.pk}")
    return action


@transaction.atomic
def accept_action(*, action, user) -> InspectionAction:
    """The officer accepts the confirmation; the last one closes the inspection."""
    action = _locked_action(action)
    inspection = action.inspection
    is_assigned_officer(user, inspection.case).require()
    if action.status != ActionStatus.CONFIRMED:
        raise ValidationError({"__all__": [_("Yêu cầu này không chờ chấp nhận.")]})
    action.accept(by=user)
    action.save()
    if not inspection.actions.exclude(status=ActionStatus.ACCEPTED).exists():
        inspection = Inspection.objects.select_for_update(of=("self",)).get(pk=inspection.pk)
        inspection.close()
        inspection.save()
    return action


def inspection_rows(case):
    """The case's inspections with their actions and people (two queries)."""
    actions = InspectionAction.objects.select_related(
        "deadline", "confirmed_by__profile", "accepted_by__profile").order_by("number")
    return list(Inspection.objects.filter(case=case)
                .select_related("planned_by__profile", "recorded_by__profile",
                                "minutes__document")
                .prefetch_related(Prefetch("actions", queryset=actions))
                .order_by("-inspect_on", "-pk"))
