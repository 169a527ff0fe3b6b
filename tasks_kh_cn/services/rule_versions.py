"""Moving a running case to a newer rule-set version: the one write path (admin, API).

A case keeps the version it was submitted under (``tasks_kh_cn.rules``). Only an
administrator moves it, to a later version, with a reason; the move is a row in the
case's history (``TransitionLog``, status unchanged) saying from which version to which.
Deadlines already running keep their figures (they were copied when created); the ones
opened from now on follow the new version.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks_kh_cn import rules as case_rules
from tasks_kh_cn.models import RuleSet, TaskCase, TransitionLog
from workflows.lifecycle import TERMINAL

TRANSITION = "move_rule_version"


def may_move_rule_version(user) -> bool:
    """Administrators only: the permission to change rule sets (DOMAIN.md: rules are data)."""
    return bool(user and user.is_authenticated and user.is_active
                and user.has_perm("tasks_kh_cn.change_ruleset"))


def version_label(rule_set, as_of: datetime.date) -> str:
    return f"{rule_set.code} @ {as_of.isoformat()}"


def _errors(case, rule_set, as_of, reason, today) -> dict:
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Cần nêu lý do chuyển sang phiên bản quy tắc mới.")]
    if case.status in TERMINAL:
        errors["__all__"] = [_("Nhiệm vụ đã kết thúc, không chuyển phiên bản quy tắc.")]
    if as_of is None:
        errors["as_of"] = [_("Cần nêu ngày hiệu lực của phiên bản mới.")]
        return errors
    if as_of > today:
        errors["as_of"] = [_("Phiên bản quy tắc phải đã có hiệu lực (không sau ngày %(d)s).")
                           % {"d": today.strftime("%d/%m/%Y")}]
    current = case_rules.rules_date(case)
    if rule_set.pk == case.rule_set_id and as_of <= current:
        errors["as_of"] = [_("Chỉ chuyển sang phiên bản mới hơn phiên bản đang áp dụng "
                             "(hiệu lực ngày %(d)s).") % {"d": current.strftime("%d/%m/%Y")}]
    if rule_set.effective_from > as_of or (rule_set.effective_to and rule_set.effective_to < as_of):
        errors["rule_set"] = [_("Bộ quy tắc %(code)s không có hiệu lực vào ngày %(d)s.")
                              % {"code": rule_set.code, "d": as_of.strftime("%d/%m/%Y")}]
    return errors


@transaction.atomic
def move_case_to_rule_version(*, case, by, reason, as_of=None, rule_set=None) -> TaskCase:
    """Re-pin ``case`` on ``rule_set`` (default: its own) as in force on ``as_of`` (default:
    today). Raises PermissionDenied (403) or ValidationError with field errors (400)."""
    if not may_move_rule_version(by):
        raise PermissionDenied(_("Chỉ quản trị viên được chuyển phiên bản quy tắc của nhiệm vụ."))
    case = TaskCase.objects.select_for_update(of=("self",)).select_related("rule_set").get(
        pk=case.pk)
    today = timezone.localdate()
    as_of = as_of or today
    rule_set = rule_set or case.rule_set
    if not isinstance(rule_set, RuleSet):
        rule_set = RuleSet.objects.filter(pk=rule_set).first()
        if rule_set is None:
            raise ValidationError({"rule_set": [_("Bộ quy tắc không tồn tại.")]})
    errors = _errors(case, rule_set, as_of, reason, today)
    if errors:
        raise ValidationError(errors)
    before = version_label(case.rule_set, case_rules.rules_date(case))
    case.rule_set, case.rules_as_of = rule_set, as_of
    case.save(update_fields=["rule_set", "rules_as_of", "updated_at"])
    TransitionLog.objects.create(
        case=case, transition=TRANSITION, from_status=case.status, to_status=case.status,
        actor=by, at=timezone.now(), comment=reason.strip(),
        payload={"from_version": before, "to_version": version_label(rule_set, as_of)},
    )
    return case
