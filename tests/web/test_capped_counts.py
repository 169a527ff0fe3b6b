"""The case lists count at most COUNT_CAP cases (tasks_kh_cn.paging) and say so: the page
reads "more than", the API answers ``count_capped``; below the bound the count is exact."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tasks_kh_cn import paging
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_cases(cast):
    return [make_case(cast.host, title=f"Nhiệm vụ {i}") for i in range(5)]


def officer_browser(cast):
    client = Client()
    client.force_login(cast.officer)
    return client


def test_below_the_bound_the_count_is_exact(cast, five_cases):
    page = officer_browser(cast).get("/cases/").content.decode()
    assert "5 nhiệm vụ" in page and "Hơn" not in page
    api = APIClient()
    api.force_authenticate(cast.officer)
    body = api.get("/api/tasks/").json()
    assert body["count"] == 5 and body["count_capped"] is False


def test_above_the_bound_the_page_says_more_than(cast, five_cases, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    client = officer_browser(cast)
    page = client.get("/cases/", {"page_size": 2}).content.decode()
    assert "Hơn 3 nhiệm vụ" in page
    client.cookies["django_language"] = "en"
    assert "More than 3 tasks" in client.get("/cases/").content.decode()
    api = APIClient()
    api.force_authenticate(cast.officer)
    body = api.get("/api/tasks/", {"page_size": 2}).json()
    assert body["count"] == 3 and body["count_capped"] is True
    assert len(body["results"]) == 2 and body["next"]
    # The pages up to the bound are served; the last one has no "next".
    last = api.get("/api/tasks/", {"page_size": 2, "page": 2}).json()
    assert len(last["results"]) == 1 and last["next"] is None
