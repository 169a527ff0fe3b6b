import os

import pytest
from django.conf import settings
from django.utils import translation

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(name: str, available: bool, how: str):
    """Skip on a newcomer's machine; fail in CI, where a missing service is an error."""
    if available:
        return
    message = f"{name} is not available: {how}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def postgres_only():
    require_service("PostgreSQL", settings.IS_POSTGRES,
                    "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/khcn")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language, as each request does. The test client's
    requests go through LocaleMiddleware, which activates the request's language in the
    thread and leaves it there: an English request in one test made the next test's service
    messages English, depending on which tests a worker ran before."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Every story creates its cast with passwords; PBKDF2 would spend the suite hashing them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Rules and calendar days are cached per process for a minute; a test's rolled-back rows
    must not outlive it."""
    from notifications.notices import forget_events
    from notifications.workdays import forget_admin_days
    from workflows.deadlines import forget_rules

    forget_rules()
    forget_admin_days()
    forget_events()
    yield
    forget_rules()
    forget_admin_days()
    forget_events()


@pytest.fixture
def cast(db):
    from tests.factories import Cast

    return Cast()


@pytest.fixture(autouse=True)
def _default_rules(request):
    """Data migrations' rows vanish after a transactional test flushes the tables: restore them."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if marker is not None:
        transactional = marker.kwargs.get("transaction", False) or (marker.args and marker.args[0])
        request.getfixturevalue("transactional_db" if transactional else "db")
    elif "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from tests.defaults import ensure_migration_data

    ensure_migration_data()


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Celery tasks run in-process in tests, even when CELERY_BROKER_URL names a broker (as in
    CI); tests that start a real worker (the ``broker`` fixture) switch that off themselves."""
    if "broker" in request.fixturenames:
        yield
        return
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


def pytest_collection_modifyitems(config, items):
    """Tests that need PostgreSQL (and a real worker, which needs it too) carry the
    ``postgres`` marker, so CI's SQLite pass can leave them to its PostgreSQL pass."""
    for item in items:
        needs = {"postgres_only", "broker"} & set(getattr(item, "fixturenames", ()))
        if needs or item.get_closest_marker("celery_worker"):
            item.add_marker(pytest.mark.postgres)
