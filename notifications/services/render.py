"""Vietnamese texts of reminders and digests (templates/notifications/...)."""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tasks_kh_cn.people import person_name

from ..models import Deadline, DeadlineStatus, Outbox, OutboxStatus


def when_phrase(offset_days: int) -> str:
    if offset_days < 0:
        return _("còn %(n)s ngày nữa đến hạn") % {"n": -offset_days}
    if offset_days == 0:
        return _("hôm nay là ngày đến hạn")
    return _("đã quá hạn %(n)s ngày") % {"n": offset_days}


def reminder_context(row) -> dict:
    deadline = row.deadline
    # A deadline outside any case (the plan's yearly report) names its obligation instead.
    case = deadline.case or SimpleNamespace(code=deadline.code, title=deadline.legal_basis)
    offset = _offset(row)
    return {
        "row": row, "deadline": deadline, "case": case, "escalation": row.escalation,
        "when": when_phrase(offset), "overdue": offset > 0,
        "due": timezone.localtime(deadline.due_at),
        "url": f"{settings.SITE_URL}/",
        "recipient_name": person_name(row.recipient),
    }


def _offset(row) -> int:
    step = row.step.lstrip("d") or "0"
    try:
        return int(step)
    except ValueError:
        return 0


def render_reminder(row):
    with translation.override(settings.LANGUAGE_CODE):
        context = reminder_context(row)
        subject = _("[KH&CN Thanh Hóa] %(prefix)s%(title)s — %(code)s (%(when)s)") % {
            "prefix": _("BÁO CÁO LÊN: ") if row.escalation else "",
            "title": context["deadline"].display_title, "code": context["case"].code,
            "when": context["when"],
        }
        text = render_to_string("notifications/reminder_email.txt", context)
        html = render_to_string("notifications/reminder_email.html", context)
    return subject, text, html


def digest_deadlines(officer_id, on):
    """The officer's open deadlines on assigned cases, overdue or due within 7 days."""

    return list(
        Deadline.objects.filter(status=DeadlineStatus.OPEN, case__assigned_officer_id=officer_id,
                                due_on__lte=on + datetime.timedelta(days=7))
        .select_related("case").order_by("due_at")[:200]
    )


def render_digest(row):
    with translation.override(settings.LANGUAGE_CODE):
        on = row.digest_on or timezone.localdate()
        deadlines = digest_deadlines(row.recipient_id, on)
        context = {"row": row, "on": on, "deadlines": deadlines,
                   "overdue": [d for d in deadlines if d.due_on < on],
                   "upcoming": [d for d in deadlines if d.due_on >= on],
                   "url": f"{settings.SITE_URL}/"}
        subject = _("[KH&CN Thanh Hóa] Tổng hợp thời hạn ngày %(day)s: %(n)s việc") % {
            "day": on.strftime("%d/%m/%Y"), "n": len(deadlines)}
        text = render_to_string("notifications/digest_email.txt", context)
        html = render_to_string("notifications/digest_email.html", context)
    return subject, text, html


def notice_context(row) -> dict:
    """The officer's notice: which reminders of this deadline could not be delivered."""
    lost = list(Outbox.objects.filter(deadline_id=row.deadline_id, due_on=row.due_on,
                                      status=OutboxStatus.GIVEN_UP)
                .exclude(step=row.step).select_related("recipient__profile").order_by("id"))
    return {**reminder_context(row), "lost": lost}


def render_notice(row):
    with translation.override(settings.LANGUAGE_CODE):
        context = notice_context(row)
        subject = _("[KH&CN Thanh Hóa] Không gửi được nhắc hạn — %(code)s: %(title)s") % {
            "code": context["case"].code, "title": context["deadline"].display_title}
        text = render_to_string("notifications/undelivered_email.txt", context)
        html = render_to_string("notifications/undelivered_email.html", context)
    return subject, text, html


def render_event_notice(row):
    """An event notice by email: Vietnamese first, the English text below it."""
    notice = row.notice
    context = {"notice": notice, "url": f"{settings.SITE_URL.rstrip('/')}{notice.url}",
               "name": person_name(row.recipient)}
    with translation.override(settings.LANGUAGE_CODE):
        subject = "[KH&CN Thanh Hóa] " + notice.subject_vi
        text = render_to_string("notifications/event_email.txt", context)
        html = render_to_string("notifications/event_email.html", context)
    return subject, text, html
