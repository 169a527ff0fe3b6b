"""Benchmark of the reminder sweep and of delivery (PostgreSQL, Redis, one Celery worker).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khcn_bench \
    BENCH_BROKER_URL=redis://127.0.0.1:6379/5 \
    /work/main/.venv/bin/python bench/reminders.py [--deadlines 1000000] [--due 10000]

It migrates the database, replaces the notifications tables' rows with its own
data (set-based INSERT … SELECT generate_series: 1,000,000 open deadlines, of
which ``--due`` fall on the "3 days before" step at the sweep's moment, each owed
by its own user with a mobile number), then:

1. times one sweep (``run_sweep``): find the due steps, resolve recipients, insert
   the outbox rows (ON CONFLICT DO NOTHING) and hand batches to the broker;
   target ≤ 5 s;
2. times delivery by ONE Celery worker process (prefork, concurrency 1) to a
   local HTTP SMS gateway on loopback, until every row is sent; target ≥ 200/s.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
QUEUE = "bench-reminders"


class Gateway(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one segment per answer: no 40 ms delayed-ACK stall
    received = 0
    unique = set()
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with Gateway.lock:
            Gateway.received += 1
            Gateway.unique.add(body["request_id"])
        raw = json.dumps({"message_id": f"gw-{body['request_id']}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--deadlines", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--skip-delivery", action="store_true")
    args = parser.parse_args()
    broker = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/5")

    gateway = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    gateway.daemon_threads = True
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    sms_url = f"http://127.0.0.1:{gateway.server_address[1]}/sms"
    os.environ.update({"CELERY_BROKER_URL": broker, "NOTIFICATIONS_QUEUE": QUEUE,
                       "SMS_BACKEND": "http", "SMS_URL": sms_url, "SMS_API_KEY": "bench"})

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    if not settings.IS_POSTGRES:
        sys.exit("bench/reminders.py needs DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)
    import redis

    redis.Redis.from_url(broker).flushdb()

    today = timezone.localdate()
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9, 0)))
    due_on = today + datetime.timedelta(days=3)  # the "3 days before" step fires today 08:00
    t0 = time.perf_counter()
    seed(connection, args.deadlines, args.due, due_on, today)
    print(f"seed: {args.deadlines:,} open deadlines ({args.due:,} due) "
          f"in {time.perf_counter() - t0:.1f} s")

    from notifications.models import Outbox
    from notifications.services.sweep import run_sweep

    worker = None
    if not args.skip_delivery:
        worker = start_worker(broker, sms_url)
    try:
        t0 = time.perf_counter()
        result = run_sweep(now=now)
        sweep_s = time.perf_counter() - t0
        print(f"sweep: {result.as_text} in {sweep_s:.2f} s (target ≤ 5 s)")
        if worker is None:
            return
        t0 = time.perf_counter()
        total = result.dispatched
        while True:
            sent = Outbox.objects.filter(status="sent").count()
            if sent >= total:
                break
            if time.perf_counter() - t0 > 600:
                print(f"delivery: timed out with {sent}/{total} sent")
                return
            time.sleep(0.2)
        elapsed = time.perf_counter() - t0
        print(f"delivery: {total:,} SMS by one worker in {elapsed:.1f} s = "
              f"{total / elapsed:.0f} messages/s (target ≥ 200/s); gateway received "
              f"{Gateway.received:,} requests, {len(Gateway.unique):,} distinct")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)


def seed(connection, total, due, due_on, today):
    from django.contrib.auth.hashers import make_password  # noqa: F401  (app registry ready)

    from tasks_kh_cn.models import Organisation, RuleSet, TaskCase

    with connection.cursor() as cur:
        cur.execute("TRUNCATE notifications_attempt, notifications_outbox, "
                    "notifications_deadline RESTART IDENTITY CASCADE")
        cur.execute("DELETE FROM tasks_kh_cn_profile WHERE user_id IN "
                    "(SELECT id FROM auth_user WHERE username LIKE 'bench-%%')")
        cur.execute("DELETE FROM tasks_kh_cn_taskcase WHERE code LIKE 'BENCH-%%'")
        cur.execute("DELETE FROM auth_user WHERE username LIKE 'bench-%%'")
        # One user per due deadline, each with a mobile number and no email (SMS only).
        cur.execute(
            "INSERT INTO auth_user (username, password, is_superuser, first_name, last_name, "
            "email, is_staff, is_active, date_joined) SELECT 'bench-' || g, '!', false, '', '', "
            "'', false, true, now() FROM generate_series(1, %s) g", [due])
        cur.execute(
            "INSERT INTO tasks_kh_cn_profile (user_id, full_name, mobile, position, "
            "academic_title) SELECT id, 'Người nhận ' || id, '09' || lpad(id::text, 8, '0'), "
            "'', '' FROM auth_user WHERE username LIKE 'bench-%%'")
    rule_set = RuleSet.objects.get(code="thanh-hoa-2023")
    creator = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model() \
        .objects.filter(username__startswith="bench-").first()
    host = Organisation.objects.filter(name="Bench host").first()
    if host is None:
        host = Organisation.objects.create(name="Bench host", kind="enterprise",
                                           tax_code="2800000000", district="tp_thanh_hoa")
    TaskCase.objects.bulk_create([
        TaskCase(code=f"BENCH-{i:05d}", title=f"Nhiệm vụ thử tải {i}", kind="research",
                 host=host, rule_set=rule_set, created_by=creator)
        for i in range(1000)])
    with connection.cursor() as cur:
        cur.execute("SELECT min(id), max(id) FROM tasks_kh_cn_taskcase WHERE code LIKE 'BENCH-%%'")
        case_lo, case_hi = cur.fetchone()
        cur.execute("SELECT min(id) FROM auth_user WHERE username LIKE 'bench-%%'")
        user_lo = cur.fetchone()[0]
        # Deadlines 1..due fall due (owed by their own user); the rest are months away.
        cur.execute(
            """
            INSERT INTO notifications_deadline (case_id, rule_set_id, code, title, title_en,
                sequence, owed_by_role, owed_by_user_id, due_at, due_on, amount, unit, legal_basis,
                legal_article, is_default_assumption, status, source_transition,
                closed_by_transition, created_at)
            SELECT %(case_lo)s + g %% (%(case_hi)s - %(case_lo)s + 1), %(rule_set)s,
                'periodic_report', 'Báo cáo định kỳ (6 tháng)', 'Periodic report (6 months)', 1,
                'enterprise',
                CASE WHEN g <= %(due)s THEN %(user_lo)s + g - 1 ELSE NULL END,
                (d + time '23:59:59') AT TIME ZONE 'Asia/Ho_Chi_Minh', d, 6, 'months',
                'TT 09/2014/TT-BKHCN', 'Điều 9', false, 'open', 'countersign_contract', '',
                now()
            FROM generate_series(1, %(total)s) g,
                LATERAL (SELECT CASE WHEN g <= %(due)s THEN %(due_on)s::date
                         ELSE %(today)s::date + 30 + (g %% 365) END AS d) dd
            """,
            {"case_lo": case_lo, "case_hi": case_hi, "rule_set": rule_set.pk, "due": due,
             "user_lo": user_lo, "total": total, "due_on": due_on, "today": today})
        cur.execute("ANALYZE notifications_deadline")
        cur.execute("ANALYZE auth_user")


def start_worker(broker, sms_url):
    env = {**os.environ, "CELERY_BROKER_URL": broker, "NOTIFICATIONS_QUEUE": QUEUE,
           "SMS_URL": sms_url, "DJANGO_LOG_LEVEL": "WARNING"}
    celery = Path(sys.executable).with_name("celery")
    log = open(ROOT / "bench" / "worker.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([str(celery), "-A", "config", "worker", "-l", "warning", "-Q", QUEUE,
                             "--concurrency", "1", "--without-gossip", "--without-mingle",
                             "--without-heartbeat", "-n", "bench@%h"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    time.sleep(6)  # let it connect to the broker before the sweep enqueues
    return proc


if __name__ == "__main__":
    main()
