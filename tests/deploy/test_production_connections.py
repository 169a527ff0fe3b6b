"""Production keeps each worker's database connection between requests.

Without it (Django's default, CONN_MAX_AGE 0) every request opened a new PostgreSQL
connection and the statements a connection prepares (tests/deploy/test_prepared_statements.py)
were thrown away with it after each request; bench/pages.py always ran with kept connections,
so what it measured was not what the README's deployment ran.
"""

import importlib

import pytest

import config.settings as base


def production_databases(**env) -> dict:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_SECRET_KEY", "test-only-key")
        for name, value in env.items():
            patch.setenv(name, value)
        module = importlib.import_module("config.settings.production")
        return importlib.reload(module).DATABASES


def test_production_keeps_connections_ten_minutes_and_checks_them_before_reuse():
    default = production_databases()["default"]
    assert default["CONN_MAX_AGE"] == 600
    assert default["CONN_HEALTH_CHECKS"] is True
    # The base settings (development, the tests) are left as they were.
    assert base.DATABASES["default"] is not default
    assert base.DATABASES["default"].get("CONN_HEALTH_CHECKS", False) is False


def test_an_operator_can_close_connections_after_each_request():
    assert production_databases(DJANGO_CONN_MAX_AGE="0")["default"]["CONN_MAX_AGE"] == 0
