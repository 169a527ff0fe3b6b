"""The case page's domain sections: each asks its app's web views for what it shows.

Used inside templates/<app>/_case_section.html, which the case page includes with its
own context (``case``, ``request`` and, after a refused POST, ``section_forms``).
"""

from django import template

register = template.Library()


def _args(context):
    return context["request"], context["case"], context.get("section_forms") or {}


@register.simple_tag(takes_context=True)
def support_section(context):
    from tasks_kh_cn.support.views import section_context

    return section_context(*_args(context))


@register.simple_tag(takes_context=True)
def pilot_section(context):
    from tasks_kh_cn.pilots.views import section_context

    return section_context(*_args(context))


@register.simple_tag(takes_context=True)
def changes_section(context):
    from tasks_kh_cn.changes.views import section_context

    return section_context(*_args(context))


@register.simple_tag(takes_context=True)
def funding_section(context):
    from tasks_kh_cn.funding.views import section_context

    return section_context(*_args(context))


@register.filter
def is_lead(user):
    """A head of division or the department's leadership (the workload page)."""
    from tasks_kh_cn.services.desks import is_lead as check

    return user.is_authenticated and check(user)


@register.filter
def is_department(user):
    """Officer, approver, finance or admin (navigation to the department's own pages)."""
    from tasks_kh_cn.views.sections import is_department as check

    return check(user)


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def number(value):
    """Decimal(4.8000) → '4,8'; 118000000 → '118.000.000' (Vietnamese separators, no padding)."""
    from decimal import Decimal, InvalidOperation

    if value in (None, ""):
        return "—"
    try:
        text = format(Decimal(value).normalize(), "f")
    except (InvalidOperation, TypeError, ValueError):
        return value
    sign = "-" if text.startswith("-") else ""
    whole, _dot, fraction = text.lstrip("-").partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"
