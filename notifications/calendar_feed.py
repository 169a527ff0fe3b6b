"""Each user's open deadlines as an iCalendar (.ics) feed behind a secret, regenerable URL.

Calendar clients (Thunderbird, Outlook, phones) subscribe with a plain GET and no login, so the
URL itself is the credential: 32 random bytes, of which only the SHA-256 is stored
(models.CalendarFeed). Regenerating replaces the hash; the old URL then answers 404, as does
any token that was never issued. The deadlines are those the user owes, filtered by the same
rules as the inbox (selectors.deadlines_owed_by: visible cases, private ballots hidden).
"""

import datetime
import hashlib
import secrets

import icalendar
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .models import CalendarFeed
from .selectors import deadlines_owed_by

TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def regenerate_feed_token(user) -> str:
    """A new secret for ``user``'s feed; the previous one stops working at once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": _hash(token), "created_at": timezone.now()})
    return token


def feed_owner(token: str):
    """The active user whose feed ``token`` opens, or None."""
    feed = (CalendarFeed.objects.filter(token_hash=_hash(token), user__is_active=True)
            .select_related("user").first())
    return feed.user if feed is not None else None


def build_calendar(user, base_url: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//So KH&CN Thanh Hoa//KH&CN Tasks//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Thời hạn nhiệm vụ KH&CN"))
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = timezone.now()
    for deadline in deadlines_owed_by(user).order_by("due_at", "id"):
        case = deadline.case
        event = icalendar.Event()
        event.add("uid", f"deadline-{deadline.pk}@khcn-tasks")
        event.add("dtstamp", stamp)
        # A deadline is a day (due_on, local): an all-day event on it.
        event.add("dtstart", deadline.due_on)
        event.add("dtend", deadline.due_on + datetime.timedelta(days=1))
        event.add("summary", f"{deadline.display_title} — {case.code}")
        basis = ", ".join(filter(None, [deadline.legal_article, deadline.legal_basis]))
        event.add("description", "\n".join([
            case.title,
            _("Hạn: %(due)s") % {"due": timezone.localtime(deadline.due_at)
                                 .strftime("%d/%m/%Y %H:%M")},
            _("Căn cứ: %(basis)s") % {"basis": basis},
        ]))
        event.add("url", base_url + reverse("web:case-detail", args=[case.pk]))
        calendar.add_component(event)
    return calendar.to_ical()


def feed(request, token):
    """The .ics itself: no session, the token is the key (404 for any unknown token)."""
    user = feed_owner(token)
    if user is None:
        raise Http404
    body = build_calendar(user, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="khcn-thoi-han.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request):
    """The page to create or replace one's feed address; the address is shown only right after
    it is made (only its hash is kept), so a lost address is replaced, never recovered."""
    url = None
    if request.method == "POST":
        token = regenerate_feed_token(request.user)
        url = request.build_absolute_uri(reverse("notifications:calendar-feed", args=[token]))
    has_feed = url is not None or CalendarFeed.objects.filter(user=request.user).exists()
    return render(request, "notifications/calendar.html", {"url": url, "has_feed": has_feed})
