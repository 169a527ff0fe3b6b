"""Issue 9, finding 4: a bad query parameter is a 400 naming the parameter, never a 500.

PostgreSQL refuses a NUL byte in a text value (a 500 there); SQLite took it silently. The
filters type every parameter, so both answer 400 the same way.
"""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

BAD = [
    ("/api/deadlines/", "status", "\x00"),
    ("/api/deadlines/", "status", "closed-ish"),
    ("/api/deadlines/", "overdue", "maybe"),
    ("/api/support/cases/", "status", "\x00"),
    ("/api/support/cases/", "status", "nope"),
    ("/api/support/maintenance-due/", "on", "\x00"),
    ("/api/support/maintenance-due/", "on", "2026-13-45"),
    ("/api/tasks/", "kind", "\x00"),
    ("/api/tasks/", "status", "\x00"),
    ("/api/tasks/", "phase", "x\x00"),
]


@pytest.mark.parametrize(("path", "name", "value"), BAD)
def test_a_bad_filter_value_is_a_400_on_that_parameter(cast, path, name, value):
    for user in (cast.officer, cast.host):
        client = APIClient()
        client.force_authenticate(user)
        response = client.get(path, {name: value})
        assert response.status_code == 400, (user, response.content[:300])
        assert name in response.json() or name in response.json().get("errors", {})


def test_good_filter_values_still_filter(cast):
    client = APIClient()
    client.force_authenticate(cast.officer)
    for path, query in (("/api/deadlines/", {"status": "open", "overdue": "true"}),
                        ("/api/deadlines/", {"overdue": "false"}),
                        ("/api/support/cases/", {"status": "draft"}),
                        ("/api/support/maintenance-due/", {"on": "2026-12-31"})):
        assert client.get(path, query).status_code == 200, (path, query)
