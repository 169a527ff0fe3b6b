"""Faults with real processes: a Celery worker on Redis, PostgreSQL, a fake SMS gateway.

The worker is another process, so these tests use PostgreSQL (pytest-django's
``test_<name>`` database, handed to the worker) and committed data
(``transactional_db``). They skip on a newcomer's machine and fail in CI.
"""

import collections
import datetime
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from notifications.models import Deadline, Outbox
from notifications.services.sweep import run_sweep
from tasks_kh_cn.models import Profile
from tests.conftest import require_service

from .helpers import at, returned_case

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("without_event_notices")]


def redis_url() -> str:
    # CI sets CELERY_BROKER_URL to the Redis it started; each test uses its own queue.
    return (os.environ.get("NOTIFICATIONS_TEST_BROKER_URL") or os.environ.get("CELERY_BROKER_URL")
            or "redis://127.0.0.1:6379/4")


def redis_available(url) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 — any failure means "not available"
        return False


def many_reminders(cast, count):
    """``count`` deadlines due on one day, each owed by its own user with a mobile only."""
    case, first = returned_case(cast, mobile="0900000000")
    User = get_user_model()
    tag = uuid.uuid4().hex[:6]
    users = User.objects.bulk_create(
        [User(username=f"bulk-{tag}-{i}", password="!") for i in range(count - 1)])
    Profile.objects.bulk_create([Profile(user=u, full_name=f"Người nhận {i}",
                                         mobile=f"09{i + 1:08d}") for i, u in enumerate(users)])
    cast.host.email = ""
    cast.host.save(update_fields=["email"])
    template = {f: getattr(first, f) for f in (
        "case_id", "rule_id", "rule_set_id", "code", "title", "owed_by_role", "due_at",
        "due_on", "amount", "unit", "legal_basis", "legal_article")}
    Deadline.objects.bulk_create([Deadline(**template, owed_by_user=u) for u in users])
    return first.due_on


class Worker:
    def __init__(self, gateway, queue, log_path):
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_BROKER_URL": redis_url(),
            "SMS_BACKEND": "http", "SMS_URL": gateway.url, "SMS_API_KEY": gateway.api_key,
            "EMAIL_URL": "console://", "NOTIFICATIONS_RETRY_BASE_SECONDS": "0.5",
            "NOTIFICATIONS_QUEUE": queue, "DJANGO_LOG_LEVEL": "WARNING",
        }
        self.queue = queue
        self.log_path = log_path
        self.proc = None

    def start(self):
        self.log = open(self.log_path, "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(CELERY), "-A", "config", "worker", "-l", "info", "-Q", self.queue,
             "--concurrency", "1", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-n", f"{self.queue}@%h"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if b" ready." in Path(self.log_path).read_bytes():
                return
            assert self.proc.poll() is None, Path(self.log_path).read_text()[-3000:]
            time.sleep(0.2)
        raise AssertionError("worker did not start: " + Path(self.log_path).read_text()[-3000:])

    def kill(self):
        """SIGKILL the worker and its pool children: no warm shutdown, no requeue."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.log.close()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if not self.log.closed:
            self.log.close()


@pytest.fixture
def broker(settings):
    require_service("PostgreSQL", settings.IS_POSTGRES,
                    "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/khcn")
    url = redis_url()
    require_service("Redis", redis_available(url), f"start redis at {url}")
    from config.celery import app

    queue = f"notifications-test-{uuid.uuid4().hex[:8]}"
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    app._after_fork()  # drop any connection pool built for another broker
    settings.NOTIFICATIONS_QUEUE = queue
    yield queue
    app.conf.task_always_eager, app.conf.broker_url = saved
    app._after_fork()


@pytest.fixture
def worker(broker, sms_gateway, tmp_path):
    process = Worker(sms_gateway, broker, tmp_path / "worker.log")
    process.start()
    yield process
    process.stop()


def wait_for(predicate, timeout=60, every=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(every)
    return False


@pytest.mark.celery_worker
def test_sigkill_mid_batch_then_restart_delivers_each_reminder_once(
        cast, worker, sms_gateway, settings):
    count = 300
    due_on = many_reminders(cast, count)
    now = at(due_on, 9)
    sms_gateway.delay = 0.01  # ~100 messages/s: the kill lands inside the first batch
    result = run_sweep(now=now)
    assert (result.queued, result.dispatched) == (count, count)

    assert wait_for(lambda: len(sms_gateway.delivered) >= 60
                    and Outbox.objects.filter(status="sending").exists(), every=0.02)
    worker.kill()
    delivered_before = len(sms_gateway.delivered)
    assert delivered_before < count
    assert Outbox.objects.filter(status="sending").exists()  # the batch it died in

    # The next sweep (beat, every 5 minutes) finds the dead worker's claims past the
    # lease and the batches nobody sent, and hands them out again.
    settings.NOTIFICATIONS_CLAIM_LEASE = 0
    settings.NOTIFICATIONS_REDISPATCH_AFTER = 0
    sms_gateway.delay = 0
    again = run_sweep(now=now + datetime.timedelta(seconds=1))
    assert again.queued == 0 and again.skipped == count
    worker.start()
    assert wait_for(lambda: not Outbox.objects.exclude(status="sent").exists(), timeout=90)

    assert len(sms_gateway.delivered) == count
    request_ids = [r["body"]["request_id"] for r in sms_gateway.requests]
    resent = len(request_ids) - len(set(request_ids))
    print(f"delivered before kill={delivered_before} resent to gateway={resent}")
    # At most the messages in flight at the kill (one per SMS thread) reached the gateway
    # twice, and the gateway dropped the repeats by request id: one SMS per recipient.
    assert resent <= settings.NOTIFICATIONS_SMS_CONCURRENCY
    assert Outbox.objects.filter(status="sent").count() == count


@pytest.mark.celery_worker
def test_worker_retries_a_gateway_error_with_backoff(cast, worker, sms_gateway, broker):
    from notifications.tasks import sweep_reminders

    due_on = many_reminders(cast, 3)
    sms_gateway.fail_next = [500]
    # The beat task itself, run by the worker: it sweeps, then sends the batch it queued.
    sweep_reminders.apply_async((at(due_on, 9).isoformat(),), queue=broker)
    assert wait_for(lambda: Outbox.objects.filter(status="sent").count() == 3, timeout=60)
    assert len(sms_gateway.delivered) == 3 and len(sms_gateway.requests) == 4
    retried = Outbox.objects.get(attempts=2)
    assert list(retried.attempt_log.values_list("outcome", flat=True)) == ["error", "sent"]


@pytest.mark.postgres
def test_two_sweeps_at_the_same_moment_make_no_duplicates(cast, sms_gateway, settings):
    require_service("PostgreSQL", settings.IS_POSTGRES,
                    "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/khcn")
    count = 200
    due_on = many_reminders(cast, count)
    now = at(due_on, 9)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            barrier.wait()
            results.append(run_sweep(now=now))  # no broker here: batches send in-process
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors
    assert sum(r.queued for r in results) == count
    assert sum(r.skipped for r in results) == count
    assert Outbox.objects.count() == count
    assert len(sms_gateway.requests) == count == len(sms_gateway.delivered)


def manage(*args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.celery_worker
def test_broker_down_one_clear_line_then_the_next_sweep_dispatches_at_once(
        cast, worker, sms_gateway, broker):
    from .conftest import free_port

    count = 5
    due_on = many_reminders(cast, count)
    env = {**worker.env, "CELERY_BROKER_URL": f"redis://127.0.0.1:{free_port()}/6"}
    down = manage("send_reminders", "--now", at(due_on, 9).isoformat(), env=env)
    print(f"\nbroker down: exit={down.returncode} stderr={down.stderr.strip()!r}")
    assert down.returncode != 0
    assert len(down.stderr.strip().splitlines()) == 1 and "Traceback" not in down.stderr
    assert "broker" in down.stderr and f"{count} reminders" in down.stderr
    # Committed, queued and not marked as handed to the broker: nothing waits 15 minutes.
    rows = Outbox.objects.all()
    assert rows.count() == count
    assert set(rows.values_list("status", "dispatched_at")) == {("queued", None)}
    assert not sms_gateway.requests

    back = manage("send_reminders", "--now", at(due_on, 9, 1).isoformat(), env=worker.env)
    assert back.returncode == 0, back.stderr
    assert f"dispatched={count}" in back.stdout and "queued=0" in back.stdout
    assert wait_for(lambda: Outbox.objects.filter(status="sent").count() == count, timeout=60)
    per_row = collections.Counter(r["body"]["request_id"] for r in sms_gateway.requests)
    assert sorted(per_row.values()) == [1] * count


@pytest.fixture
def short_lease_worker(broker, sms_gateway, tmp_path, settings):
    """A worker whose claim lease is 3 s (it renews every second), and the same lease here."""
    settings.NOTIFICATIONS_CLAIM_LEASE = 3
    process = Worker(sms_gateway, broker, tmp_path / "worker.log")
    process.env["NOTIFICATIONS_CLAIM_LEASE"] = "3"
    process.start()
    yield process
    process.stop()


@pytest.mark.celery_worker
def test_a_live_worker_keeps_its_claim_while_recovery_runs_nothing_sent_twice(
        cast, short_lease_worker, sms_gateway):
    from notifications.services.sweep import recover_and_dispatch

    count = 60
    due_on = many_reminders(cast, count)
    sms_gateway.delay = 0.3  # 4 threads × 3.3/s: ~4.5 s for the batch, longer than the lease
    run_sweep(now=at(due_on, 9))
    released = 0
    started = time.monotonic()
    while Outbox.objects.exclude(status="sent").exists() and time.monotonic() - started < 60:
        # Beat's recovery, far more often than every minute: it must never take back the
        # rows of a worker that is alive and sending.
        released += recover_and_dispatch(now=at(due_on, 9, 1)).recovery.released
        time.sleep(0.25)
    per_row = collections.Counter(r["body"]["request_id"] for r in sms_gateway.requests)
    print(f"\nlive worker, lease 3 s, batch {time.monotonic() - started:.1f} s: "
          f"released={released} requests={len(sms_gateway.requests)} rows={count}")
    assert Outbox.objects.filter(status="sent").count() == count
    assert released == 0 and sorted(per_row.values()) == [1] * count


@pytest.mark.celery_worker
def test_a_killed_workers_rows_come_back_after_the_lease_and_go_out_once(
        cast, short_lease_worker, sms_gateway, settings):
    from notifications.services.sweep import recover_and_dispatch

    count = 200
    due_on = many_reminders(cast, count)
    sms_gateway.delay = 0.01
    run_sweep(now=at(due_on, 9))
    assert wait_for(lambda: len(sms_gateway.delivered) >= 40, every=0.02)
    short_lease_worker.kill()
    killed_at = time.monotonic()
    stuck = Outbox.objects.filter(status="sending").count()
    assert stuck > 0
    sms_gateway.delay = 0
    short_lease_worker.start()  # a new worker, as systemd would restart it
    released_at = None
    while time.monotonic() - killed_at < 30:
        if recover_and_dispatch(now=at(due_on, 9, 1)).recovery.released and not released_at:
            released_at = time.monotonic() - killed_at
        if not Outbox.objects.exclude(status="sent").exists():
            break
        time.sleep(0.25)
    per_row = collections.Counter(r["body"]["request_id"] for r in sms_gateway.requests)
    resent = sum(n - 1 for n in per_row.values())
    print(f"\nkilled worker: {stuck} rows stuck in sending, back after {released_at:.1f} s "
          f"(lease 3 s); gateway requests={len(sms_gateway.requests)} resent={resent} "
          f"delivered once={sum(1 for k in per_row if k in sms_gateway.delivered)}")
    assert Outbox.objects.filter(status="sent").count() == count
    # Not before the lease (less the last renewal, a third of it) and promptly after it.
    lease = settings.NOTIFICATIONS_CLAIM_LEASE
    assert lease * 2 / 3 - 0.5 <= released_at <= lease + 2
    assert len(sms_gateway.delivered) == count
    # At most the messages in flight at the kill reached the gateway twice; it dropped
    # the repeats by request id, so each person got one SMS.
    assert resent <= settings.NOTIFICATIONS_SMS_CONCURRENCY
