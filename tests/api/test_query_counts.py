"""Queries are a budget: list endpoints cost the same whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import make_case, upload_required

pytestmark = pytest.mark.django_db

# Measured on SQLite; the pins allow no growth with the number of rows. A host (no department
# role) pays one query for their groups (tasks_kh_cn.selectors.granted_case_ids: the cases
# granted to each group, rather than one OR that made PostgreSQL test every case).
LIST_QUERIES = {"host": 3, "officer": 3}
# desk and council tasks, change requests, deadlines owed; the colleagues one stands in for;
# the officer's periodic reports to review and inspection confirmations to accept (one COUNT each);
# one COUNT for the plan's deadlines outside cases (yearly report, survey campaigns)
INBOX_QUERIES = {"host": 7, "officer": 9}


def count_queries(user, url):
    """Queries of one request, after a warm-up that fills process-wide caches (content types)."""
    _count(user, url)
    return _count(user, url)


def _count(user, url):
    client = APIClient()
    # A fresh user object, as in a real request: no permission caches carried over.
    client.force_authenticate(type(user).objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_cases(cast, n):
    for i in range(n):
        case = make_case(cast.host, title=f"Đề tài số {i}")
        if i % 2:
            upload_required(case, "proposal", cast.host)
            from workflows.services import perform_transition

            perform_transition(case=case, name="submit", user=cast.host, data={})


@pytest.mark.parametrize("who", ["host", "officer"])
def test_task_list_query_count_is_pinned(cast, who):
    user = getattr(cast, who)
    add_cases(cast, 2)
    few = count_queries(user, "/api/tasks/")
    add_cases(cast, 6)
    many = count_queries(user, "/api/tasks/")
    print(f"/api/tasks/ as {who}: {few} → {many}")
    assert few == many
    assert many <= LIST_QUERIES[who]


@pytest.mark.parametrize("who", ["host", "officer"])
def test_inbox_query_count_is_pinned(cast, who):
    user = getattr(cast, who)
    add_cases(cast, 2)
    few = count_queries(user, "/api/inbox/")
    add_cases(cast, 6)
    many = count_queries(user, "/api/inbox/")
    print(f"/api/inbox/ as {who}: {few} → {many}")
    assert few == many
    assert many <= INBOX_QUERIES[who]


def test_documents_and_history_query_counts_are_pinned(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    few_docs = count_queries(cast.host, f"/api/tasks/{case.pk}/documents/")
    upload_required(case, "appraisal", cast.host)
    upload_required(case, "proposal", cast.host)
    many_docs = count_queries(cast.host, f"/api/tasks/{case.pk}/documents/")
    history = count_queries(cast.host, f"/api/tasks/{case.pk}/history/")
    print(f"documents: {few_docs} → {many_docs}; history: {history}")
    # As a host: one of them reads the host's groups (LIST_QUERIES).
    assert few_docs == many_docs <= 6
    assert history <= 5
