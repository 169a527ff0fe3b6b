"""Who may act on a case: every check answers (allowed, reason).

Role membership says what someone may do in general; django-guardian object
permissions on the case say on which cases (the host organisation's members
through the organisation's group, the assigned officer as a user). The FSM's
``permission=`` and the API both call these functions, so a refusal always
carries the reason the user sees.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import get_objects_for_user

from .roles import Role, has_role, remember_group_ids, remember_roles

HOST_PERM = "act_as_host"
HANDLE_PERM = "handle_case"
VIEW_PERM = "view_taskcase"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def require(self) -> None:
        """Raise PermissionDenied (403) with the reason when not allowed."""
        if not self.allowed:
            raise PermissionDenied(self.reason)


ALLOWED = Decision(True)


def _object_perm_cache(user) -> dict:
    cache = getattr(user, "_khcn_object_perms", None)
    if cache is None:
        cache = user._khcn_object_perms = {}
    return cache


def forget_object_permissions(user) -> None:
    """Drop the per-request caches after permissions or memberships changed."""
    for name in ("_khcn_object_perms", "_khcn_organisations", "_khcn_perms",
                 "_khcn_principal_ids", "_khcn_principals", "_khcn_may_take"):
        if hasattr(user, name):
            delattr(user, name)


def organisations_of(user) -> frozenset:
    """The ids of the organisations ``user`` is a member of (one query, once per request)."""
    cached = getattr(user, "_khcn_organisations", None)
    if cached is None:
        cached = user._khcn_organisations = frozenset(
            user.organisations.values_list("pk", flat=True))
    return cached


def know_roles_and_organisations(user) -> None:
    """Who the user is, for the rest of the request, in one query when none of it is known
    yet: their groups (and so their roles), their organisations, whom they stand in for
    today and their global permissions (their own and their groups'). The host checks, the
    menu, the lists' "sees every case" (``user.has_perm`` through ``tasks_kh_cn.auth_backend``)
    and the actor checks all read it; asked one by one they cost five queries.

    The rows come from the view ``tasks_kh_cn_userfact`` (tasks_kh_cn.models.facts), one
    filter on the user: the same UNION written once in SQL rather than compiled by the ORM
    on each request (2.0 → 0.4 ms of CPU, 500 reads in a loop on PostgreSQL)."""
    if not user.is_authenticated or hasattr(user, "_khcn_roles") \
            or hasattr(user, "_khcn_organisations"):
        return
    rows = list(user.facts.values_list("kind", "number", "text", "starts_on", "ends_on"))
    today = timezone.localdate()
    groups = [(number, text) for kind, number, text, _s, _e in rows if kind == "group"]
    remember_roles(user, [text for _number, text in groups])
    remember_group_ids(user, [number for number, _text in groups])
    user._khcn_organisations = frozenset(
        number for kind, number, _t, _s, _e in rows if kind == "organisation")
    # Whom the user stands in for today: nobody, for nearly everyone (workflows.delegation).
    # The view leaves out revoked delegations; the days are DelegationQuerySet.active()'s
    # test, which tests/accounts/test_user_facts.py holds these ids to.
    user._khcn_principal_ids = frozenset(
        number for kind, number, _t, starts_on, ends_on in rows
        if kind == "principal" and starts_on <= today <= ends_on)
    if not hasattr(user, "_khcn_perms") and not user.is_superuser:
        user._khcn_perms = permission_names(row[:3] for row in rows)


def permission_rows(user) -> list:
    """The user's own and their groups' global permissions as ``("perm", content type,
    codename)`` rows: two parts of a UNION (each a join from the user's few rows, where one
    query with ``own OR groups'`` would join both many-to-many tables at once)."""
    return [permissions.order_by().values_list(Value("perm"), "content_type_id", "codename")
            for permissions in (Permission.objects.filter(user=user),
                                Permission.objects.filter(group__user=user))]


def permission_names(rows) -> set[str]:
    """``{"app_label.codename"}`` of the ``"perm"`` rows; the app of each content type from
    Django's content-type cache (``ContentType.objects.get_for_id``), not a join per row."""
    return {f"{ContentType.objects.get_for_id(number).app_label}.{text}"
            for kind, number, text in rows if kind == "perm"}


def global_permissions(user) -> set[str]:
    """``{"app_label.codename"}`` the user holds globally, read once per request: with the
    roles when nothing about the user is known yet, else alone (one query). A superuser holds
    every permission. The same set as Django's ``ModelBackend.get_all_permissions``
    (tests/accounts/test_auth_backend.py compares them)."""
    cached = getattr(user, "_khcn_perms", None)
    if cached is None:
        if user.is_superuser:
            cached = {f"{app}.{codename}" for app, codename in Permission.objects.values_list(
                "content_type__app_label", "codename")}
        else:
            know_roles_and_organisations(user)
            cached = getattr(user, "_khcn_perms", None)
            if cached is None:  # the roles were known already: the permissions alone
                first, second = permission_rows(user)
                cached = permission_names(first.union(second, all=True))
        user._khcn_perms = cached
    return cached


def has_object_perm(user, codename: str, obj) -> bool:
    """Does ``user`` hold guardian permission ``codename`` on ``obj``, directly or via a group?

    Asked through guardian's public ``get_objects_for_user`` narrowed to ``obj``: one EXISTS
    over the user's and their groups' permission rows. Only object permissions count (no
    global permission, no superuser bypass: a superuser is no desk of the lifecycle).
    Remembered on the user object for the rest of the request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    key = (codename, obj._meta.label_lower, obj.pk)
    cache = _object_perm_cache(user)
    if key not in cache:
        cache[key] = get_objects_for_user(
            user, f"{obj._meta.app_label}.{codename}", klass=type(obj).objects.filter(pk=obj.pk),
            with_superuser=False, accept_global_perms=False,
        ).exists()
    return cache[key]


# The two actor checks on a case read the case's own facts — its host organisation, its
# assigned officer — rather than the permission store: the same facts the services grant
# guardian's object permissions from (services.cases), for the lists and the queues.
def is_host_member(user, case) -> Decision:
    know_roles_and_organisations(user)
    if not has_role(user, Role.ENTERPRISE):
        return Decision(False, str(_("Chỉ tổ chức chủ trì mới thực hiện được thao tác này.")))
    if case.host_id not in organisations_of(user):
        return Decision(False, str(_("Bạn không thuộc tổ chức chủ trì của nhiệm vụ này.")))
    return ALLOWED


def is_assigned_officer(user, case) -> Decision:
    if not has_role(user, Role.OFFICER):
        return Decision(False, str(_("Chỉ chuyên viên Sở KH&CN mới thực hiện được thao tác này.")))
    if case.assigned_officer_id != user.pk:
        return Decision(False, str(_("Nhiệm vụ này được giao cho chuyên viên khác.")))
    return ALLOWED


def is_approver(user, case) -> Decision:
    if not has_role(user, Role.APPROVER):
        return Decision(False, str(_("Chỉ lãnh đạo Sở mới phê duyệt được.")))
    return ALLOWED


def is_finance(user, case) -> Decision:
    if not has_role(user, Role.FINANCE):
        return Decision(False, str(_("Chỉ bộ phận tài chính mới thực hiện được thao tác này.")))
    return ALLOWED


ACTOR_CHECKS = {
    Role.ENTERPRISE: is_host_member,
    Role.OFFICER: is_assigned_officer,
    Role.APPROVER: is_approver,
    Role.FINANCE: is_finance,
}


def may_act_as(actor: str):
    """The django-fsm ``permission=`` callable for a transition owned by ``actor``."""
    check = ACTOR_CHECKS[actor]

    def permission(case, user) -> bool:
        return check(user, case).allowed

    permission.actor = actor
    permission.check = check
    return permission


def can_view_case(user, case) -> Decision:
    """A case the caller may not see answers 404 (see selectors.visible_cases)."""
    if user is None or not user.is_authenticated:
        return Decision(False, str(_("Cần đăng nhập.")))
    if user.is_superuser or user.has_perm(f"tasks_kh_cn.{VIEW_PERM}"):
        return ALLOWED
    if has_object_perm(user, VIEW_PERM, case):
        return ALLOWED
    return Decision(False, str(_("Bạn không có quyền xem nhiệm vụ này.")))
