"""Who may do what on a council; every check answers (allowed, reason).

Object permissions (guardian) live on the Council, never on viewflow's proxy models:
``councils.view_council`` for every seated member, ``councils.open_dossier`` once the
member has declared no conflict of interest. Department roles (officer, approver,
finance, admin) see every council; anyone else who is not on it gets a 404.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import assign_perm, remove_perm

from workflows.permissions import (
    ALLOWED,
    Decision,
    forget_object_permissions,
    has_object_perm,
    is_assigned_officer,
)
from workflows.roles import DEPARTMENT_ROLES, has_role, user_roles

from .kinds import kind_of

VIEW = "view_council"
OPEN_DOSSIER = "open_dossier"
CASE_VIEW = "view_taskcase"

def is_department(user) -> bool:
    return bool(user_roles(user) & DEPARTMENT_ROLES)


def active_member(council, user):
    if user is None or not user.is_authenticated:
        return None
    member = council.members.filter(user=user, replaced_by__isnull=True).first()
    if member is not None:
        member.user = user  # the caller's user is the member's: no second read of it
    return member


def can_view_council(user, council) -> Decision:
    if user is None or not user.is_authenticated:
        return Decision(False, str(_("Cần đăng nhập.")))
    if is_department(user) or has_object_perm(user, VIEW, council):
        return ALLOWED
    return Decision(False, str(_("Bạn không phải thành viên hội đồng này.")))


def can_open_dossier(user, council) -> Decision:
    if is_department(user) or has_object_perm(user, OPEN_DOSSIER, council):
        return ALLOWED
    member = active_member(council, user)
    if member is not None and member.is_excluded:
        return Decision(False, str(_("Bạn đã được loại khỏi hội đồng do xung đột lợi ích.")))
    if member is not None:
        return Decision(False, str(_("Cần khai báo không có xung đột lợi ích trước khi xem "
                                     "hồ sơ.")))
    return Decision(False, str(_("Bạn không phải thành viên hội đồng này.")))


def can_read_results(user, council, *, members=None) -> Decision:
    """Other members' ballots and the minutes, once a round is closed (the selectors keep
    ballots blind before that): the department, and the members still seated who declared
    no conflict of interest. Not a member who never declared (absent, say), not one
    excluded for a conflict, not one who was replaced — they took no part in the verdict
    (TT 06/2023, TT 20/2023, TT 11/2014: the council's minutes are its members').
    ``members``: the council's member rows when the caller has them loaded."""
    if user is None or not user.is_authenticated:
        return Decision(False, str(_("Cần đăng nhập.")))
    if is_department(user):
        return ALLOWED
    if members is None:
        member = active_member(council, user)
    else:  # the member rows a page has loaded already
        member = next((m for m in members if m.user_id == user.pk and m.is_active), None)
    if member is not None and member.is_cleared:
        return ALLOWED
    if member is not None and member.is_excluded:
        return Decision(False, str(_("Bạn đã được loại khỏi hội đồng do xung đột lợi ích.")))
    if member is not None:
        return Decision(False, str(_("Chỉ thành viên đã khai báo không có xung đột lợi ích "
                                     "mới xem được kết quả của hội đồng.")))
    return Decision(False, str(_("Bạn không còn là thành viên hội đồng này.")))


def private_ballot_deadlines(user) -> Q | None:
    """The members' ballot deadlines (``workflows.council_deadlines``) ``user`` may not see
    on a case they otherwise see, as a filter on deadlines; None when they see them all.

    Each member owes their own ballot: only they and the department see that deadline.
    The applicant (or another member) who saw them could follow who has voted, which the
    blind ballot forbids."""
    if is_department(user):
        return None
    ballot = Q(code__startswith="council-", code__endswith="-ballot")
    if user is None or not user.is_authenticated:
        return ballot
    return ballot & ~Q(owed_by_user=user)


def can_manage(user, council) -> Decision:
    """The officer handling the case forms the council and replaces members."""

    return is_assigned_officer(user, council.case)


def is_council_secretary(user, council) -> Decision:
    member = active_member(council, user)
    if member is None or member.role != "secretary" or member.is_excluded:
        return Decision(False, str(_("Chỉ thư ký khoa học của hội đồng mới thực hiện được.")))
    return ALLOWED


def can_decide(user, council) -> Decision:
    # Who decides is the council kind's row (TT 20/2023: the budget figure is finance's).
    role = kind_of(council).decider_role
    if not has_role(user, role):
        return Decision(False, str(_("Bạn không có thẩm quyền quyết định kết quả hội đồng này.")))
    return ALLOWED


def grant_seats(council, members) -> None:
    """``view_council`` for the seated ``members``. Given a list of users, guardian writes
    them in one insert that keeps the rows already there, instead of a read and an insert
    per member."""
    users = [member.user for member in members]
    if users:
        assign_perm(VIEW, users, council)
    for user in users:
        forget_object_permissions(user)


def grant_seat(member) -> None:
    grant_seats(member.council, [member])


def grant_dossier(member) -> None:
    council, user = member.council, member.user
    cases = [dossier.case for dossier in council.dossiers.select_related("case")]
    # Both permissions in one read; a list of one user: guardian's insert that keeps an
    # existing row (see grant_seats).
    wanted = Q(content_type=ContentType.objects.get_for_model(council), codename=OPEN_DOSSIER)
    if cases:
        wanted |= Q(content_type=ContentType.objects.get_for_model(cases[0]), codename=CASE_VIEW)
    perms = {perm.codename: perm for perm in Permission.objects.filter(wanted)}
    assign_perm(perms[OPEN_DOSSIER], [user], council)
    for case in cases:
        assign_perm(perms[CASE_VIEW], [user], case)
    forget_object_permissions(user)


def revoke_dossier(member) -> None:
    council = member.council
    remove_perm(OPEN_DOSSIER, member.user, council)
    for dossier in council.dossiers.select_related("case"):
        remove_perm(CASE_VIEW, member.user, dossier.case)
    forget_object_permissions(member.user)
