"""One inbox fed by every part: paginated, counted per kind, and as cheap with 3,000 open
items as with three."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tasks_kh_cn import inbox as registry
from tasks_kh_cn.changes.models import ChangeKind, ChangeRequest
from tasks_kh_cn.changes.services import decide_change, request_change
from tasks_kh_cn.models import TaskCase
from tests.factories import make_case, walk

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def running(cast):
    return walk(make_case(cast.host), cast, until="finish_implementation")


def test_a_change_request_waits_in_the_deciders_inbox_until_decided(cast, running):
    change = request_change(case=running, user=cast.host, kind=ChangeKind.PERSONNEL,
                            reason="Thành viên chuyển công tác")
    body = api(cast.approver).get("/api/inbox/", {"kind": "change"}).json()
    assert body["count"] == 1 and body["counts"] == {"change": 1}
    item = body["results"][0]
    assert item["kind"] == "change" and item["case_id"] == running.pk
    assert "Thay đổi thành viên thực hiện" in item["label"]
    # Not the host's to decide, and not in the officer's inbox either.
    assert api(cast.host).get("/api/inbox/", {"kind": "change"}).json()["count"] == 0
    assert api(cast.officer).get("/api/inbox/", {"kind": "change"}).json()["count"] == 0
    decide_change(change=change, user=cast.approver, approve=True, decision_number="9/QĐ")
    assert api(cast.approver).get("/api/inbox/", {"kind": "change"}).json()["count"] == 0


def test_the_inbox_pages_like_the_case_list_with_counts_per_kind(cast, running):
    ChangeRequest.objects.bulk_create([
        ChangeRequest(case=running, kind=ChangeKind.CONTENT, reason=f"Lý do {i}",
                      requested_by=cast.host) for i in range(30)])
    client = api(cast.approver)
    first = client.get("/api/inbox/").json()
    assert set(first) >= {"count", "next", "previous", "results", "counts"}
    assert first["counts"]["change"] == 30 and first["count"] == sum(first["counts"].values())
    assert len(first["results"]) == 25 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == first["count"] - 25
    seen = [(i["kind"], i["label"], i["created"]) for i in first["results"] + second["results"]]
    assert len(seen) == first["count"]
    assert client.get("/api/inbox/", {"kind": "nonsense"}).status_code == 400


# User, roles, permissions and who one stands in for; one COUNT per kind (the approver's
# suspension proposals and the plan's deadlines outside cases among them); the rows of the
# kinds a page overlaps.
INBOX_PAGE_QUERIES = 8


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response


def test_three_thousand_open_items_cost_the_queries_of_three(cast, running):
    client = api(cast.approver)
    ChangeRequest.objects.bulk_create([
        ChangeRequest(case=running, kind=ChangeKind.CONTENT, reason="Lý do",
                      requested_by=cast.host) for _ in range(3)])
    few, _ = _queries(client, "/api/inbox/")
    ChangeRequest.objects.bulk_create([
        ChangeRequest(case=running, kind=ChangeKind.CONTENT, reason="Lý do",
                      requested_by=cast.host) for _ in range(2997)])
    client = api(cast.approver)
    many, response = _queries(client, "/api/inbox/")
    # A page reads only the sources it overlaps: with 3,000 change requests the first page is
    # all of them, with three it reaches the other kinds too.
    assert many <= few <= INBOX_PAGE_QUERIES
    body = response.json()
    assert body["counts"]["change"] == 3000 and len(body["results"]) == 25
    assert len(response.content) < 25_000  # a page, not the whole inbox
    last, response = _queries(client, "/api/inbox/?page=120")
    assert last <= few and len(response.json()["results"]) == body["count"] - 119 * 25


def test_a_part_contributes_its_items_through_the_registry(cast):
    case = make_case(cast.host)

    def rows(user):
        return TaskCase.objects.filter(pk=case.pk) if user == cast.officer else \
            TaskCase.objects.none()

    def items(cases):
        return [registry.WorkItem(kind="inspection", case=c, label="Kiểm tra định kỳ",
                                  created=c.created_at) for c in cases]

    registry.register(registry.InboxSource(kind="inspection", label="Kiểm tra", rows=rows,
                                           items=items))
    try:
        body = api(cast.officer).get("/api/inbox/", {"kind": "inspection"}).json()
        assert body["counts"] == {"inspection": 1}
        assert body["results"][0]["label"] == "Kiểm tra định kỳ"
        page = Client()
        page.force_login(cast.officer)
        html = page.get("/inbox/", {"kind": "inspection"}).content.decode()
        assert "Kiểm tra định kỳ" in html and case.code in html
    finally:
        registry.unregister("inspection")


def test_the_inbox_page_has_tabs_per_kind_and_pages(cast, running):
    ChangeRequest.objects.bulk_create([
        ChangeRequest(case=running, kind=ChangeKind.CONTENT, reason="Lý do",
                      requested_by=cast.host) for _ in range(30)])
    page = Client()
    page.force_login(cast.approver)
    html = page.get("/inbox/", {"kind": "change"}).content.decode()
    assert "Đề nghị gia hạn, điều chỉnh (30)" in html
    assert "Trang 1/2" in html and "?kind=change&amp;page=2" in html
    assert page.get("/inbox/", {"kind": "change", "page": 2}).status_code == 200


def test_the_task_sources_counted_together_count_what_they_list(cast):
    """The case desks and the council tasks share one grouped COUNT: each kind's number is
    still the number of rows its source lists, for every desk of a council in session."""
    from tests.web.councils_pages import form_identification

    council, members, case = form_identification(cast)
    make_case(cast.host)  # a draft on the host's desk
    for user in [cast.host, cast.officer, cast.approver, *members]:
        inbox = registry.Inbox(user)
        counts = inbox.counts()
        listed = {s.kind: s.rows(user).count() for s in registry.sources()}
        assert counts == listed
        assert inbox.count() == len(inbox[:])
    assert registry.Inbox(members[0]).counts()["council"] >= 1
    assert registry.Inbox(cast.host).counts()["task"] >= 1
