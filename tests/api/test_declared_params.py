"""Issue 9: every query parameter an API view reads is declared in /api/schema/.

Each GET endpoint of the API (from the URL resolver) is called on the seeded objects while
the query-string reads are recorded; what a view reads and the schema does not declare is
a parameter no client, and no schemathesis run, can know about.
"""

import re

import pytest
from django.http import QueryDict
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.api.walk import api_routes, concrete, seeded_world

pytestmark = pytest.mark.django_db


def declared_query_parameters():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    declared = {}
    for path, operations in schema["paths"].items():
        if "get" in operations:
            declared[shape(path)] = {p["name"] for p in operations["get"].get("parameters", [])
                                     if p["in"] == "query"}
    return declared


def shape(path):
    """``/api/tasks/{id}/`` and ``api/tasks/<int:pk>/`` both become ``/api/tasks/{}/``."""
    path = re.sub(r"<(?:\w+:)?\w+>", "{}", path)
    path = re.sub(r"\{[^}]+\}", "{}", path)
    return path if path.startswith("/") else "/" + path




@pytest.fixture
def reads(monkeypatch):
    """The keys read from any query string (QueryDict) while the fixture is active."""
    seen = set()
    for method in ("get", "getlist", "__getitem__", "__contains__"):
        original = getattr(QueryDict, method)

        def spy(self, key, *args, _original=original, **kwargs):
            if key is not None:  # DRF asks for its switched-off ?format= as None
                seen.add(key)
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(QueryDict, method, spy)
    return seen


def test_every_query_parameter_read_is_in_the_schema(cast, reads):
    world = seeded_world(cast)
    declared = declared_query_parameters()
    missing, called = [], 0
    for route, view_class in api_routes():
        if not hasattr(view_class, "get") or route.startswith(("api/schema", "api/docs")):
            continue
        for user in (world.officer, cast.host):
            client = APIClient()
            client.force_authenticate(user)
            reads.clear()
            response = client.get(concrete(route, world, name="withdraw", fmt="pdf"))
            assert response.status_code < 500, (route, response.content[:300])
            called += 1
            undeclared = reads - declared.get(shape(route), set())
            if undeclared:
                missing.append((route, sorted(undeclared)))
    assert called > 20
    assert not missing, missing
