"""Who may do what outside a case's lifecycle; each check answers (allowed, reason)."""

from django.utils.translation import gettext_lazy as _

from workflows.permissions import ALLOWED, Decision
from workflows.roles import Role, has_role, user_roles

# Department staff and council members act for the department, never as an organisation.
NOT_FOR_ORGANISATIONS = frozenset({Role.OFFICER, Role.APPROVER, Role.FINANCE, Role.REVIEWER,
                                   Role.SECRETARY})


def may_register_organisation(user) -> Decision:
    if user_roles(user) & NOT_FOR_ORGANISATIONS:
        return Decision(False, str(_(
            "Cán bộ của Sở và thành viên hội đồng không đăng ký tổ chức chủ trì.")))
    return ALLOWED


def may_propose(user) -> Decision:
    if not has_role(user, Role.ENTERPRISE):
        return Decision(False, str(_("Chỉ doanh nghiệp, tổ chức chủ trì mới tạo được đề xuất.")))
    return ALLOWED
