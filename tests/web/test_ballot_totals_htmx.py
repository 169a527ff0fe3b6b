"""The council round's running totals refresh with htmx (issue 13 point 6): the section alone
for an htmx request, the whole page without JavaScript; counts only, marks sealed."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.web.councils_pages import (  # noqa: F401 (fixtures)
    SECRET,
    _fast_passwords,
    browser,
    page_of,
    vote,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_round_fragment_counts_ballots_in_and_stays_blind(formed):
    council, users, _case = formed
    secretary = browser(users[1])
    fragment = secretary.get(f"{page_of(council)}round/", **HTMX)
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<section class="card" id="round"')
    assert "Đã nộp phiếu: 0/7 · đã khai báo: 0/7" in html
    vote(council, users[3], comment=SECRET)
    vote(council, users[4])
    html = secretary.get(f"{page_of(council)}round/", **HTMX).content.decode()
    assert "Đã nộp phiếu: 2/7 · đã khai báo: 2/7" in html
    assert SECRET not in html  # who has voted, never what
    # Members by full name; the refresh is wired on the section itself (no inline script).
    assert users[3].get_full_name() in html
    assert f'hx-get="{page_of(council)}round/"' in html and 'hx-swap="outerHTML"' in html


def test_the_page_without_javascript_shows_the_same_totals(formed):
    council, users, _case = formed
    vote(council, users[2])
    page = browser(users[1]).get(page_of(council))
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html
    assert "Đã nộp phiếu: 1/7 · đã khai báo: 1/7" in html
    assert "<script>" not in html
    # Without htmx the fragment's address leads to the whole page at the section.
    plain = browser(users[1]).get(f"{page_of(council)}round/")
    assert plain.status_code == 302 and plain.url == f"{page_of(council)}#round"


def test_the_fragment_in_english(formed):
    council, users, _case = formed
    vote(council, users[2])
    client = browser(users[1])
    client.post("/i18n/setlang/", {"language": "en", "next": page_of(council)})
    html = client.get(f"{page_of(council)}round/", **HTMX).content.decode()
    assert "Ballots submitted: 1/7 · declared: 1/7" in html


def test_the_fragment_doors(formed, cast):
    council, users, _case = formed
    # A member who is not the secretary does not follow the round: 403 with the reason.
    member = browser(users[2]).get(f"{page_of(council)}round/", **HTMX)
    assert member.status_code == 403
    assert "Chỉ thư ký hội đồng" in member.content.decode()
    # Someone off the council: 404; anonymous: the login page.
    assert browser(cast.reviewer).get(f"{page_of(council)}round/", **HTMX).status_code == 404
    assert Client().get(f"{page_of(council)}round/", **HTMX).status_code == 302
    # The department follows it too.
    assert browser(cast.officer).get(f"{page_of(council)}round/", **HTMX).status_code == 200


def test_the_fragment_query_count_does_not_grow_with_ballots(formed):
    council, users, _case = formed
    url = f"{page_of(council)}round/"

    def count():
        client = browser(users[1])
        client.get(url, **HTMX)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, **HTMX).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for user in users[2:6]:
        vote(council, user)
    assert count() == before
