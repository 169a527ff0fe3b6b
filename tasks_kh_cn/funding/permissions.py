"""Who may do what on a case's money: every check answers (allowed, reason).

The ledger is read by the host's members and the department's staff (a case the caller
cannot see is a 404 before any of this); advances and their settlement are asked by the
host; finance checks, pays and accepts (TTLT 27/2015 art. 13: "đơn vị cấp kinh phí").
"""

from django.utils.translation import gettext_lazy as _

from workflows.permissions import (
    ALLOWED,
    Decision,
    is_assigned_officer,
    is_finance,
    is_host_member,
)
from workflows.roles import DEPARTMENT_ROLES, user_roles


def may_read_ledger(user, case) -> Decision:
    if user_roles(user) & DEPARTMENT_ROLES or is_host_member(user, case):
        return ALLOWED
    return Decision(False, str(_("Chỉ tổ chức chủ trì và cán bộ Sở xem được kinh phí của "
                                 "nhiệm vụ.")))


def may_request(user, case) -> Decision:
    return is_host_member(user, case)


def may_confirm(user, case) -> Decision:
    return is_finance(user, case)


def may_register_results(user, case) -> Decision:
    """The host, or the case's officer on its behalf, records the registration certificate."""
    if is_host_member(user, case) or is_assigned_officer(user, case):
        return ALLOWED
    return Decision(False, str(_("Chỉ tổ chức chủ trì hoặc chuyên viên thụ lý ghi nhận đăng ký "
                                 "kết quả.")))
