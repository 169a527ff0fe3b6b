"""The roles of DOMAIN.md, as Django groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", _("Doanh nghiệp / tổ chức chủ trì")
    REVIEWER = "reviewer", _("Thành viên hội đồng, chuyên gia")
    SECRETARY = "secretary", _("Thư ký")
    OFFICER = "officer", _("Chuyên viên Sở KH&CN")
    LEAD_OFFICER = "lead_officer", _("Trưởng phòng chuyên môn")
    APPROVER = "approver", _("Lãnh đạo phê duyệt")
    FINANCE = "finance", _("Kế toán, tài chính")
    ADMIN = "admin", _("Quản trị hệ thống")


# Roles that work across all cases of the department (the enterprise, reviewers and
# secretaries see only what they are tied to by object permissions).
DEPARTMENT_ROLES = frozenset({Role.OFFICER, Role.LEAD_OFFICER, Role.APPROVER, Role.FINANCE,
                              Role.ADMIN})


def user_roles(user) -> frozenset[str]:
    """The role names a user holds, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_khcn_roles", None)
    if cached is None:
        read_groups(user)
        cached = user._khcn_roles
    return cached


def user_group_ids(user) -> frozenset[int]:
    """The ids of all the user's groups (roles and organisations), read with the roles and
    cached on the user object for the request (selectors.granted_case_ids)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_khcn_group_ids", None)
    if cached is None:
        read_groups(user)
        cached = user._khcn_group_ids
    return cached


def read_groups(user) -> None:
    """The user's groups in one query: their ids and the roles among them, both cached."""
    rows = list(user.groups.values_list("pk", "name"))
    remember_group_ids(user, [pk for pk, _name in rows])
    remember_roles(user, [name for _pk, name in rows])


def remember_group_ids(user, group_ids) -> frozenset[int]:
    user._khcn_group_ids = frozenset(group_ids)
    return user._khcn_group_ids


def remember_roles(user, group_names) -> frozenset[str]:
    """Cache the roles behind ``group_names`` on the user for the request."""
    roles = frozenset(name for name in group_names if name in Role.values)
    if user.is_superuser:
        roles = roles | {Role.ADMIN}
    user._khcn_roles = roles
    return roles


def forget_roles(user) -> None:
    """Drop the cached roles (group ids, global permissions) after the user's groups changed."""
    for name in ("_khcn_roles", "_khcn_group_ids", "_khcn_perms"):
        if hasattr(user, name):
            delattr(user, name)


def has_role(user, role: str) -> bool:
    return role in user_roles(user)
