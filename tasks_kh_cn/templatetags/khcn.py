import datetime
from urllib.parse import urlsplit

from django import template
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext

from notifications.citations import shown_citation
from tasks_kh_cn.changes.models import AMENDED_FIELDS
from tasks_kh_cn.numbers import money
from tasks_kh_cn.people import person_name
from workflows.lifecycle import Status

register = template.Library()


@register.filter
def label_text(label) -> str:
    """A field's label with the suffix Django's ``label_tag`` adds (":" unless it ends in
    punctuation), for forms that write their ``<label>`` without a template per field."""
    text = str(label)
    return text if not text or text[-1] in ":?.!" else f"{text}:"


@register.filter
def status_label(value):
    """'in_progress' → 'Đang thực hiện' (in the active language); unknown codes unchanged."""
    return Status(value).label if value in Status.values else value


@register.filter
def citation(value):
    """A rule's article (or a citation built from it) with its "not verified" marker in the
    active language; the regulation's own words stay Vietnamese."""
    return shown_citation(value)


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
    "amend_case": _("điều chỉnh nhiệm vụ theo đề nghị được chấp thuận"),  # changes.services
}


@register.filter
def amended_field(name):
    """The label of a case field an approved change wrote (history, changes section)."""
    return AMENDED_FIELDS.get(name, name)


@register.filter
def amended_value(entry, side):
    """``entry[side]`` of an applied change; a date in the active language's format."""
    value = entry.get(side, "—")
    if entry.get("field") == "end_date" and value not in ("—", None):
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value


@register.filter
def desk_event(name):
    """The label of a desk operation in the history, or "" for a transition."""
    return DESK_EVENTS.get(name, "")


@register.filter
def person(user):
    """A person by full name, never by login."""
    return "—" if user is None else person_name(user)


@register.filter
def page_to_return_to(request) -> str:
    """Where the language switcher comes back to: this page, or, on a page a refused form's
    POST rendered (``/cases/2/transitions/return_proposal/``, which answers no GET), the page
    that form was on (the referer), so that changing the language never lands on a 405."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    # Only the referer's path is kept (a relative address): its host must be this one, its
    # scheme does not matter (behind the proxy the request says https, the browser may not).
    referer = request.META.get("HTTP_REFERER", "")
    host = request.get_host()  # with the port when the scheme's is not the default one
    if referer and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={host, host.rsplit(":", 1)[0]}):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


@register.filter
def plan_unit(unit, count):
    """A plan target's unit after ``count``, in the active language: English says
    "1 enterprise" and "400 enterprises" (Vietnamese has one form)."""
    try:
        one = float(count) == 1
    except (TypeError, ValueError):
        one = False
    return npgettext("plan unit", unit, unit, 1 if one else 2)
