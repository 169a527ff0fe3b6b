from django import template

from workflows.lifecycle import Status

register = template.Library()


@register.filter
def status_label(value):
    """'in_progress' → 'Đang thực hiện' (in the active language); unknown codes unchanged."""
    return Status(value).label if value in Status.values else value


@register.filter
def vnd(value):
    """1200000000 → '1.200.000.000' (Vietnamese grouping, whatever the locale files say)."""
    if value in (None, ""):
        return ""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value
