"""Role groups and their global permissions, created after every migrate (idempotent)."""

from django.contrib.auth.models import Group, Permission

from .roles import Role

# Global (model-level) permissions per role. Object-level ones (the host's members,
# the assigned officer, council members) are granted per case by the services.
ROLE_PERMISSIONS = {
    Role.OFFICER: ["tasks_kh_cn.view_taskcase", "tasks_kh_cn.view_organisation"],
    Role.LEAD_OFFICER: ["tasks_kh_cn.view_taskcase", "tasks_kh_cn.view_organisation"],
    Role.APPROVER: ["tasks_kh_cn.view_taskcase", "tasks_kh_cn.approve_case",
                    "tasks_kh_cn.view_organisation"],
    Role.FINANCE: ["tasks_kh_cn.view_taskcase", "tasks_kh_cn.settle_case",
                   "tasks_kh_cn.view_organisation"],
    Role.ADMIN: ["tasks_kh_cn.view_taskcase", "tasks_kh_cn.view_organisation"],
    Role.SECRETARY: [],
    Role.REVIEWER: [],
    Role.ENTERPRISE: [],
}


def ensure_roles(**kwargs):
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            wanted.extend(found)
        group.permissions.add(*wanted)
