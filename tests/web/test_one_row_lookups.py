"""Lookups of one row read it without an ORDER BY.

For an ORDER BY Django compares every selected column with it before compiling the query
(about 3,000 Python calls for a case with its host and people), so the lookups every page
and every transition make — the session's user, a visible case, the open desk task — must
not order: these tests fail if one comes back through ``first()``.
"""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tasks_kh_cn.auth_backend import ModelBackend
from tasks_kh_cn.selectors import visible_case, visible_case_or_404
from tests.factories import make_case, make_enterprise_user, user_with_role
from workflows.roles import Role
from workflows.services import open_desk_task

pytestmark = pytest.mark.django_db


def sql_of(call):
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, [query["sql"] for query in captured]


def test_a_visible_case_is_read_without_an_order():
    host = make_enterprise_user()
    officer = user_with_role(Role.OFFICER)
    case = make_case(host)
    officer.has_perm("tasks_kh_cn.view_taskcase")  # who the officer is, known once per request
    found, queries = sql_of(lambda: visible_case(officer, case.pk, with_people=True))
    assert found == case
    assert len(queries) == 1 and "ORDER BY" not in queries[0]
    # The host's own case, through guardian's grants: the same single read.
    found, queries = sql_of(lambda: visible_case(host, case.pk))
    assert found == case
    assert "ORDER BY" not in queries[-1]


def test_another_organisations_case_is_none_and_404():
    case = make_case(make_enterprise_user())
    outsider = make_enterprise_user()
    assert visible_case(outsider, case.pk) is None
    with pytest.raises(Http404):
        visible_case_or_404(outsider, case.pk)
    assert visible_case(outsider, 10**9) is None


def test_the_sessions_user_is_read_without_an_order():
    officer = user_with_role(Role.OFFICER)
    found, queries = sql_of(lambda: ModelBackend().get_user(officer.pk))
    assert found == officer
    assert len(queries) == 1 and "ORDER BY" not in queries[0]


def test_the_open_desk_task_is_read_without_an_order():
    host = make_enterprise_user()
    case = make_case(host)
    task, queries = sql_of(lambda: open_desk_task(case))
    assert task is not None and task.flow_task.name == "enterprise_desk"
    assert len(queries) == 1 and "ORDER BY" not in queries[0]
