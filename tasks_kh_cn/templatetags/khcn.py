from django import template
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.numbers import money
from tasks_kh_cn.people import person_name
from workflows.lifecycle import Status

register = template.Library()


@register.filter
def status_label(value):
    """'in_progress' → 'Đang thực hiện' (in the active language); unknown codes unchanged."""
    return Status(value).label if value in Status.values else value


@register.filter
def vnd(value):
    """1200000000 → '1.200.000.000' (vi) / '1,200,000,000' (en): tasks_kh_cn.numbers.money."""
    try:
        return money(value)
    except (TypeError, ValueError):
        return value


# History lines that are desk operations, not transitions (tasks_kh_cn.services.desks).
DESK_EVENTS = {
    "claim_desk": _("nhận việc"),
    "release_desk": _("trả lại việc cho nhóm"),
    "reassign_desk": _("giao lại việc"),
}


@register.filter
def desk_event(name):
    """The label of a desk operation in the history, or "" for a transition."""
    return DESK_EVENTS.get(name, "")


@register.filter
def person(user):
    """A person by full name, never by login."""
    return "—" if user is None else person_name(user)
