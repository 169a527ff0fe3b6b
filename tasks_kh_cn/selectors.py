"""Reads. Lists are filtered by the same rules as the detail views (permissions.can_view_case)."""

from guardian.shortcuts import get_objects_for_user

from workflows.permissions import VIEW_PERM

from .models import TaskCase, TransitionLog


def visible_cases(user):
    """Cases ``user`` may see: all for department roles, else those granted on the object."""
    base = TaskCase.objects.select_related("host", "assigned_officer", "leader")
    if user is None or not user.is_authenticated:
        return base.none()
    if user.is_superuser or user.has_perm(f"tasks_kh_cn.{VIEW_PERM}"):
        return base
    return get_objects_for_user(
        user, f"tasks_kh_cn.{VIEW_PERM}", klass=base, accept_global_perms=False,
        with_superuser=False,
    )


def visible_case_or_404(user, pk, kind=None):
    """The case ``pk`` if ``user`` may see it (and it is of ``kind``), else 404 — never its data."""
    from django.http import Http404
    from django.utils.translation import gettext as _

    qs = visible_cases(user).filter(pk=pk)
    if kind is not None:
        qs = qs.filter(kind=kind)
    case = qs.first()
    if case is None:
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    return case


def case_history(case):
    return TransitionLog.objects.filter(case=case).select_related("actor").order_by("at", "id")
