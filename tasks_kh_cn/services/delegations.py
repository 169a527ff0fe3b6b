"""Delegations: who stands in for whom while they are away (one validation path for the
page, the API and the admin)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks_kh_cn.models import Delegation
from workflows.permissions import Decision
from workflows.roles import DEPARTMENT_ROLES, user_roles

from .desks import is_lead


def may_delegate(by, principal) -> Decision:
    if by.pk == principal.pk or is_lead(by):
        return Decision(True)
    return Decision(False, _("Chỉ người vắng mặt hoặc trưởng phòng mới lập được ủy quyền."))


def check_delegation(delegation: Delegation) -> None:
    """Raise ValidationError with field errors when the delegation cannot stand."""
    delegation.full_clean(exclude=["created_by"])
    shared = user_roles(delegation.principal) & user_roles(delegation.delegate) & DEPARTMENT_ROLES
    if not shared:
        raise ValidationError({"delegate": [_("Người được ủy quyền phải cùng vai trò với người "
                                              "ủy quyền (chuyên viên, lãnh đạo, tài chính).")]})


@transaction.atomic
def delegate(*, by, principal, delegate, starts_on, ends_on, reason) -> Delegation:
    decision = may_delegate(by, principal)
    if not decision:
        raise PermissionDenied(decision.reason)
    delegation = Delegation(principal=principal, delegate=delegate, starts_on=starts_on,
                            ends_on=ends_on, reason=(reason or "").strip(), created_by=by)
    check_delegation(delegation)
    delegation.save()
    return delegation


@transaction.atomic
def revoke(*, delegation, by) -> Delegation:
    decision = may_delegate(by, delegation.principal)
    if not decision:
        raise PermissionDenied(decision.reason)
    Delegation.objects.filter(pk=delegation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    delegation.refresh_from_db()
    return delegation
