"""PostgreSQL connections bind parameters on the server and prepare what they repeat.

config/settings: ``server_side_binding`` and psycopg's ``prepare_threshold`` (5 by default,
``DJANGO_PG_PREPARE_THRESHOLD=off`` behind a pooler that cannot keep prepared statements).
A statement the connection has run more than the threshold is prepared on the server, so
PostgreSQL neither parses nor plans it again: the row lock, the history insert and the
session's user of every transition and page. These tests read PostgreSQL's own view of the
session's prepared statements, so they fail if Django or psycopg stop preparing.
"""

import importlib

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

import config.settings
from tests.factories import make_enterprise_user

pytestmark = pytest.mark.postgres


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_a_repeated_orm_statement_is_prepared_once_past_the_threshold(postgres_only):
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["server_side_binding"] is True
    threshold = options["prepare_threshold"]
    assert threshold == 5
    user = make_enterprise_user(username="prepared_one")
    User = get_user_model()

    def names(pk):  # a statement of this test's own (no other code reads these columns so)
        return User.objects.filter(pk=pk).values_list("email", "last_name", "first_name").get()

    def statements():
        return [s for s in prepared_statements()
                if '"auth_user"."email" AS "email", "auth_user"."last_name" AS' in s]

    for _ in range(threshold):
        assert names(user.pk)[0] == user.email
    assert statements() == []  # not yet: a statement run a few times is not worth preparing
    for _ in range(2):
        assert names(user.pk)[0] == user.email
    prepared = statements()
    # Prepared once, with the parameter bound by the server ($1), whatever the user asked.
    assert len(prepared) == 1
    assert "$1" in prepared[0] and f"= {user.pk}" not in prepared[0]
    other = make_enterprise_user(username="prepared_two")
    assert names(other.pk)[0] == other.email
    assert len(statements()) == 1


def test_the_threshold_can_be_switched_off_for_a_pooler(postgres_only):
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_PG_PREPARE_THRESHOLD", "off")
        options = importlib.reload(config.settings).DATABASES["default"]["OPTIONS"]
    importlib.reload(config.settings)  # the module as the environment has it again
    assert options["prepare_threshold"] is None
    assert options["server_side_binding"] is True
