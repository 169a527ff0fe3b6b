"""Who gets the programme's link in the top bar: staff and enterprises, not reviewers (no
link to a 403). Reads the roles base.html has already loaded: no extra query."""

from django import template

from workflows.roles import DEPARTMENT_ROLES, Role, user_roles

register = template.Library()


@register.filter
def sees_programme(user) -> bool:
    return bool(user_roles(user) & (DEPARTMENT_ROLES | {Role.ENTERPRISE}))
