"""The inbox page (/inbox/): every tab's count asked once per source (the tabs and the list
share them), and as cheap with 3,000 open items as with three."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tasks_kh_cn import inbox as registry
from tasks_kh_cn.changes.models import ChangeKind, ChangeRequest
from tests.factories import make_case, walk

pytestmark = pytest.mark.django_db

# Session, user, permissions, who one stands in for, roles; one COUNT per kind (not two: the
# tabs and the listed tab share them); the rows of the kinds the page overlaps; the header's
# unread notices and the user's name. (The approver's sources include the suspension
# proposals and the plan's deadlines outside cases.)
INBOX_WEB_PAGE_QUERIES = 11


def _page(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return ctx.captured_queries, response


def test_the_inbox_page_counts_each_kind_once_whatever_the_number_of_items(cast):
    running = walk(make_case(cast.host), cast, until="finish_implementation")
    client = Client()
    client.force_login(cast.approver)
    ChangeRequest.objects.bulk_create([
        ChangeRequest(case=running, kind=ChangeKind.CONTENT, reason="Lý do",
                      requested_by=cast.host) for _ in range(3)])
    # Measured once the process's caches are warm (Django's content types, which name the
    # user's permissions; the notice table), as every request after a worker's first.
    client.get("/inbox/")
    few, _ = _page(client, "/inbox/")
    ChangeRequest.objects.bulk_create([
        ChangeRequest(case=running, kind=ChangeKind.CONTENT, reason="Lý do",
                      requested_by=cast.host) for _ in range(2997)])
    for url in ("/inbox/", "/inbox/?kind=change"):
        many, response = _page(client, url)
        print(f"{url}: {len(few)} → {len(many)} queries")
        assert len(many) <= len(few) <= INBOX_WEB_PAGE_QUERIES
        counts = [q["sql"] for q in many if "COUNT(" in q["sql"].upper()]
        # One COUNT per source with a query (the others answer .none() without one) and the
        # header's unread notices: none asked twice.
        assert len(counts) == len(set(counts)) <= len(registry.sources()) + 1
        assert "3000" in response.content.decode().replace(".", "").replace(",", "")
