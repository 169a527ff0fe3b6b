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
        cached = remember_roles(user, user.groups.values_list("name", flat=True))
    return cached


def remember_roles(user, group_names) -> frozenset[str]:
    """Cache the roles behind ``group_names`` on the user for the request."""
    roles = frozenset(name for name in group_names if name in Role.values)
    if user.is_superuser:
        roles = roles | {Role.ADMIN}
    user._khcn_roles = roles
    return roles


def forget_roles(user) -> None:
    """Drop the cached roles after the user's groups changed."""
    if hasattr(user, "_khcn_roles"):
        del user._khcn_roles


def has_role(user, role: str) -> bool:
    return role in user_roles(user)
