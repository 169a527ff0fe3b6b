"""The case page's domain sections: each asks its app's web views for what it shows.

Used inside templates/<app>/_case_section.html, which the case page includes with its
own context (``case``, ``request`` and, after a refused POST, ``section_forms``).
"""


from django import template

from tasks_kh_cn.changes import views as changes_views
from tasks_kh_cn.funding.views import section_context
from tasks_kh_cn.numbers import localized
from tasks_kh_cn.pilots import views as pilots_views
from tasks_kh_cn.services import desks
from tasks_kh_cn.support import views as support_views
from tasks_kh_cn.views import sections

register = template.Library()


def _args(context):
    return context["request"], context["case"], context.get("section_forms") or {}


@register.simple_tag(takes_context=True)
def support_section(context):
    return support_views.section_context(*_args(context))


@register.simple_tag(takes_context=True)
def pilot_section(context):
    return pilots_views.section_context(*_args(context))


@register.simple_tag(takes_context=True)
def changes_section(context):
    return changes_views.section_context(*_args(context))


@register.simple_tag(takes_context=True)
def funding_section(context):
    return section_context(*_args(context))


@register.filter
def is_lead(user):
    """A head of division or the department's leadership (the workload page)."""
    return user.is_authenticated and desks.is_lead(user)


@register.filter
def is_department(user):
    """Officer, approver, finance or admin (navigation to the department's own pages)."""
    return sections.is_department(user)


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def number(value):
    """Decimal(4.8000) → '4,8' (vi) / '4.8' (en); 118000000 → '118.000.000' / '118,000,000'."""
    if value in (None, ""):
        return "—"
    return localized(value)
