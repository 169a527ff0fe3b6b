"""Each PostgreSQL connection is told when it opens what the app's cursors are for
(config/settings: the connection's ``options``): a server-side cursor is an export that
reads every row, so PostgreSQL plans it for the whole result, not for its first tenth."""

import psycopg
import pytest
from django.db import connection, connections

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def fraction(cursor) -> str:
    cursor.execute("SHOW cursor_tuple_fraction")
    return cursor.fetchone()[0]


def test_a_connection_the_app_opens_plans_cursors_for_every_row(postgres_only):
    fresh = connections.create_connection("default")  # opened here, with the app's options
    try:
        with fresh.cursor() as cursor:
            assert fraction(cursor) == "1"
    finally:
        fresh.close()
    with connection.cursor() as cursor:  # the test's own connection too
        assert fraction(cursor) == "1"


def test_postgresql_left_alone_would_plan_for_the_first_rows(postgres_only):
    """The contrast: a connection that Django did not open keeps PostgreSQL's default."""
    conf = connection.settings_dict
    with psycopg.connect(dbname=conf["NAME"], user=conf["USER"], host=conf["HOST"] or None,
                         port=conf["PORT"] or None, password=conf["PASSWORD"] or None) as raw:
        with raw.cursor() as cursor:
            assert fraction(cursor) == "0.1"
