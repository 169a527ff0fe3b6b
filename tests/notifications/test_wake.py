"""After a commit, notices reach people through one wake of the fan-out per window, with a
real Celery worker on Redis and PostgreSQL (see test_worker.py): a burst of commits is one
message to the broker, and nobody's notice is left behind; a broker that is down loses no
write and the next commit tries again."""

import time

import pytest
from django.db import transaction

from notifications.models import Notice, Occurrence
from notifications.notices import WAKE_DELAY_SECONDS, WAKE_WINDOW_SECONDS, notify
from tests.factories import make_case

from .test_notices import no_quiet_hours, people  # noqa: F401 — fixtures
from .test_worker import broker, wait_for, worker  # noqa: F401 — fixtures

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


def wakes_received(process) -> int:
    process.log.flush()
    return process.log_path.read_text().count("notifications.tasks.fan_out_waiting[") // 2


def record(case, key):
    with transaction.atomic():  # its own commit, as a request's transition
        notify("contract_ready", case=case, key=key, context={})


def test_a_burst_of_commits_is_one_wake_and_everyone_is_told(
        cast, people, no_quiet_hours, worker):  # noqa: F811
    time.sleep(WAKE_WINDOW_SECONDS)  # no window left open by another test
    case = make_case(cast.host)
    started = time.monotonic()
    for n in range(5):
        record(case, f"burst-{n}")
    assert time.monotonic() - started < WAKE_WINDOW_SECONDS  # all inside one window
    burst = set(Occurrence.objects.filter(key__startswith="burst-").values_list("pk", flat=True))
    assert len(burst) == 5
    # The wake runs after the window, and tells the people of all five.
    assert wait_for(lambda: not Occurrence.objects.filter(pk__in=burst, fanned_out_at=None)
                    .exists(), timeout=30)
    assert time.monotonic() - started >= WAKE_DELAY_SECONDS - 0.1
    told = Notice.objects.filter(occurrence__in=burst)
    assert told.values("occurrence").distinct().count() == 5
    assert told.count() == 5 * told.filter(occurrence__key="burst-0").count() > 0
    assert wait_for(lambda: wakes_received(worker) == 1, timeout=5)

    # After the window, the next commit wakes the worker again.
    time.sleep(WAKE_WINDOW_SECONDS)
    record(case, "later")
    assert wait_for(lambda: Notice.objects.filter(occurrence__key="later").exists(), timeout=30)
    assert wakes_received(worker) == 2


def test_a_broker_that_is_down_loses_no_write_and_the_next_commit_tries_again(
        cast, people, no_quiet_hours, worker, caplog):  # noqa: F811
    from config.celery import app

    time.sleep(WAKE_WINDOW_SECONDS)
    case = make_case(cast.host)
    saved = app.conf.broker_url, app.conf.broker_write_url
    # This process publishes where nothing listens (the write URL was derived from the
    # first); the worker still listens on the real broker.
    app.conf.broker_url = app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    app._after_fork()  # noqa: SLF001 — drop the pool built for the real broker (as test_worker)
    try:
        failed_at = time.monotonic()
        record(case, "while-down")  # the write commits; its wake cannot be sent
    finally:
        app.conf.broker_url, app.conf.broker_write_url = saved
        app._after_fork()  # noqa: SLF001
    assert Occurrence.objects.filter(key="while-down", fanned_out_at=None).exists()
    assert "could not wake the fan-out" in caplog.text
    # The broker is back: the next commit, inside the window the failed one opened, wakes
    # the worker (the window was not kept for a wake never sent), which tells both.
    record(case, "after")
    assert time.monotonic() - failed_at < WAKE_WINDOW_SECONDS, "the retries outlasted the window"
    assert wait_for(lambda: not Occurrence.objects.filter(
        key__in=["while-down", "after"], fanned_out_at=None).exists(), timeout=30)
    assert wakes_received(worker) == 1
