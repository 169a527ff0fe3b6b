"""The calendar feed: a user's open deadlines as .ics behind a secret URL that can be replaced,
read back by icalendar's own parser as a calendar client would."""

import datetime
import re

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import CalendarFeed, Deadline
from tests.factories import make_case
from workflows.roles import Role

pytestmark = pytest.mark.django_db

FEED_QUERIES = 4  # the token and its user, roles and permissions, the deadlines: not per row


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def owe(case, days, title, role=Role.ENTERPRISE, user=None):
    due = timezone.now() + datetime.timedelta(days=days)
    return Deadline.objects.create(
        case=case, rule_set=case.rule_set, code=f"c{days}", title=title, owed_by_role=role,
        owed_by_user=user, due_at=due, due_on=timezone.localdate(due), amount=days,
        unit="calendar_days", legal_basis="TT 09/2014/TT-BKHCN", legal_article="Điều 12")


def new_feed_url(client):
    page = client.post("/notifications/calendar/")
    assert page.status_code == 200
    return re.search(r'value="(http://testserver(/notifications/calendar/[^"]+\.ics))"',
                     page.content.decode()).group(2)


def events(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_lists_what_the_user_owes_and_a_client_parses_it(cast):
    mine = make_case(cast.host, title="Đề tài của tôi")
    report = owe(mine, 10, "Báo cáo định kỳ")
    theirs = make_case(cast.other_host)
    owe(theirs, 5, "Việc của người khác")
    url = new_feed_url(browser(cast.host))
    response = Client().get(url)  # no session: the calendar client has only the URL
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response)
    assert set(found) == {f"Báo cáo định kỳ — {mine.code}"}
    event = found[f"Báo cáo định kỳ — {mine.code}"]
    assert event.decoded("dtstart") == report.due_on
    assert "Điều 12, TT 09/2014/TT-BKHCN" in str(event["description"])
    assert str(event["url"]).endswith(f"/cases/{mine.pk}/")


def test_regenerating_kills_the_old_url(cast):
    client = browser(cast.host)
    first = new_feed_url(client)
    assert Client().get(first).status_code == 200
    second = new_feed_url(client)
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    # Only a hash is kept: the token is nowhere in the database.
    token = second.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_hash=token).exists()


def test_a_guessed_or_inactive_users_url_is_404(cast):
    assert Client().get("/notifications/calendar/nothing-here.ics").status_code == 404
    url = new_feed_url(browser(cast.host))
    cast.host.is_active = False
    cast.host.save(update_fields=["is_active"])
    assert Client().get(url).status_code == 404


def test_the_settings_page_needs_a_login_and_shows_no_old_token(cast):
    assert Client().get("/notifications/calendar/").status_code == 302
    client = browser(cast.host)
    new_feed_url(client)
    page = client.get("/notifications/calendar/").content.decode()
    assert ".ics" not in page and "Tạo địa chỉ mới" in page


def test_feed_query_count_does_not_grow_with_deadlines(cast):
    case = make_case(cast.host)
    owe(case, 1, "Một")
    url = new_feed_url(browser(cast.host))

    def count():
        Client().get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(2, 12):
        owe(make_case(cast.host), i, f"Việc {i}")
    many = count()
    print(f"calendar feed: {few} → {many}")
    assert few == many <= FEED_QUERIES
