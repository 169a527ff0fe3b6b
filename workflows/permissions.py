"""Who may act on a case: every check answers (allowed, reason).

Role membership says what someone may do in general; django-guardian object
permissions on the case say on which cases (the host organisation's members
through the organisation's group, the assigned officer as a user). The FSM's
``permission=`` and the API both call these functions, so a refusal always
carries the reason the user sees.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .roles import Role, has_role

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
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(self.reason)


ALLOWED = Decision(True)


def _object_perm_cache(user) -> dict:
    cache = getattr(user, "_khcn_object_perms", None)
    if cache is None:
        cache = user._khcn_object_perms = {}
    return cache


def forget_object_permissions(user) -> None:
    """Drop the per-request cache after permissions on an object changed."""
    if hasattr(user, "_khcn_object_perms"):
        del user._khcn_object_perms


_PERMISSION_IDS: dict[tuple[str, str], int | None] = {}


def forget_permission_ids(**kwargs) -> None:
    """After migrate (or a test's flush) permissions may be re-created with new ids."""
    _PERMISSION_IDS.clear()


def _permission_id(obj, codename: str) -> int | None:
    """Permission ids never change once created: looked up once per process."""
    key = (obj._meta.label_lower, codename)
    if key not in _PERMISSION_IDS:
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        _PERMISSION_IDS[key] = (
            Permission.objects.filter(codename=codename,
                                      content_type=ContentType.objects.get_for_model(obj))
            .values_list("pk", flat=True).first()
        )
    return _PERMISSION_IDS[key]


def has_object_perm(user, codename: str, obj) -> bool:
    """Does ``user`` hold guardian permission ``codename`` on ``obj``, directly or via a group?

    The same rows guardian's ObjectPermissionChecker reads, in one small query (``prime``;
    the checker asks twice, user then groups, and the ORM's version spends more time
    planning than running), remembered on the user object for the rest of the request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    key = (codename, obj._meta.label_lower, obj.pk)
    cache = _object_perm_cache(user)
    if key not in cache:
        prime(user, obj, [codename], roles=False)
    return cache[key]


def prime(user, obj, codenames, *, roles=True) -> None:
    """Read the user's roles and object permissions ``codenames`` on ``obj`` in one query.

    Fills the caches ``has_role`` and ``has_object_perm`` read, so a transition's
    permission check asks the database once instead of twice. Roles already cached on
    the user are not read again.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return
    from django.contrib.auth.models import Group
    from django.db import connection
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from .roles import remember_roles

    cache = _object_perm_cache(user)
    wanted = {}
    for codename in codenames:
        key = (codename, obj._meta.label_lower, obj.pk)
        permission_id = _permission_id(obj, codename)
        if key in cache:
            continue
        if permission_id is None:
            cache[key] = False
        else:
            wanted[permission_id] = key
    need_roles = roles and getattr(user, "_khcn_roles", None) is None
    if not wanted and not need_roles:
        return
    memberships = Group.user_set.through._meta.db_table
    parts, params = [], []
    if need_roles:
        parts.append(f"SELECT 'role', g.name FROM {Group._meta.db_table} g "
                     f"JOIN {memberships} m ON m.group_id = g.id WHERE m.user_id = %s")
        params.append(user.pk)
    if wanted:
        ids = ", ".join(["%s"] * len(wanted))
        parts.append(f"SELECT 'perm', CAST(permission_id AS TEXT) "
                     f"FROM {UserObjectPermission._meta.db_table} "
                     f"WHERE user_id = %s AND object_pk = %s AND permission_id IN ({ids})")
        params += [user.pk, str(obj.pk), *wanted]
        parts.append(f"SELECT 'perm', CAST(g.permission_id AS TEXT) "
                     f"FROM {GroupObjectPermission._meta.db_table} g "
                     f"JOIN {memberships} m ON m.group_id = g.group_id "
                     f"WHERE m.user_id = %s AND g.object_pk = %s AND g.permission_id IN ({ids})")
        params += [user.pk, str(obj.pk), *wanted]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    if need_roles:
        remember_roles(user, [value for kind, value in rows if kind == "role"])
    held = {int(value) for kind, value in rows if kind == "perm"}
    for permission_id, key in wanted.items():
        cache[key] = permission_id in held


def is_host_member(user, case) -> Decision:
    if not has_role(user, Role.ENTERPRISE):
        return Decision(False, str(_("Chỉ tổ chức chủ trì mới thực hiện được thao tác này.")))
    if not has_object_perm(user, HOST_PERM, case):
        return Decision(False, str(_("Bạn không thuộc tổ chức chủ trì của nhiệm vụ này.")))
    return ALLOWED


def is_assigned_officer(user, case) -> Decision:
    if not has_role(user, Role.OFFICER):
        return Decision(False, str(_("Chỉ chuyên viên Sở KH&CN mới thực hiện được thao tác này.")))
    if not has_object_perm(user, HANDLE_PERM, case):
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


# The object permissions each actor's check reads (primed with the roles in one query).
ACTOR_OBJECT_PERMS = {
    Role.ENTERPRISE: (HOST_PERM,),
    Role.OFFICER: (HANDLE_PERM,),
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
