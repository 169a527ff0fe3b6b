"""Page latency at provincial scale: the lists people work from, served by gunicorn.

Usage (PostgreSQL; the database named in DATABASE_URL is DROPPED and re-created, so its
name must contain "bench"):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khcn_weblists_bench \
        .venv/bin/python bench/pages.py [--cases 100000 --seconds 60 --clients 8]

1. Seeds: a handful of people and organisations through the services, one case walked
   through the services (the case page), then by COPY 100,000 cases, 1,000,000 history rows
   and 300,000 deadlines (some owed by the reviewer), then ANALYZE.
2. Serves the app with gunicorn on 127.0.0.1 with the production settings
   (config.settings.production: DEBUG off, hashed static files, persistent connections),
   behind no proxy: requests say ``X-Forwarded-Proto: https`` as the proxy would.
3. For each page, ``--clients`` threads request it in a loop for ``--seconds``; it prints
   p50/p95/p99 (ms) and the request rate, and the same for a trivial authenticated page
   (the calendar settings page: the login, the menu, one query) as the machine's floor;
   beside each, the time to the first byte (the status line and headers), which for the
   export says when the download starts. ``--reuse`` measures an earlier seed again;
   ``--only export`` measures one page (and the floor).
4. Beside the latencies, what each request cost, read from /proc on Linux: the CPU time of
   gunicorn's processes, of PostgreSQL's and of the clients (this process), per request,
   and the share of the run the machine's cores sat waiting on the disk (iowait). The
   latencies move with whatever else the machine does; the CPU per request is what the code
   spent, and compares two versions of it across runs.
"""

import argparse
import datetime
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.transitions import recreate_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-only-secret-key-" + "x" * 40
os.environ.setdefault("DJANGO_SECRET_KEY", SECRET)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="khcn-bench-media-"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
STATUSES_OPEN = ["submitted", "identification_review", "listed", "in_progress",
                 "acceptance_preparing", "contract_drafting"]
STATUSES_ALL = STATUSES_OPEN + ["completed", "rejected", "withdrawn", "draft"]


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def copy_rows(cursor, table, columns, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def prepare_database():
    """The schema and the hashed static files gunicorn serves (production settings)."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def seed(n_cases, n_history, n_deadlines):
    """The world of the bench into a migrated database (``tests/test_bench_seeds.py`` runs it
    small, so a new column the COPY does not name fails there rather than here)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from notifications.models import Deadline
    from tasks_kh_cn.models import Organisation, RuleSet, TaskCase, TransitionLog
    from tasks_kh_cn.services.cases import create_case
    from tasks_kh_cn.services.organisations import add_member, create_organisation, set_profile
    from tests.factories import valid_tax_code
    from workflows.roles import Role
    from workflows.services import perform_transition

    User = get_user_model()
    from django.contrib.auth.models import Group

    def person(username, role, name):
        user = User.objects.create_user(username, f"{username}@bench.vn", "bench12345")
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        set_profile(user=user, full_name=name)
        return user

    # Ten officers share the cases: officer1's are the 10% the export takes (10,000 of 100,000).
    officers = [person(f"officer{i}", Role.OFFICER, f"Chuyên viên {i}") for i in range(1, 11)]
    reviewer = person("reviewer1", Role.REVIEWER, "Chuyên gia Một")
    enterprise = person("enterprise1", Role.ENTERPRISE, "Doanh nghiệp Một")
    districts = [c for c, _ in Organisation._meta.get_field("district").choices]
    orgs = [create_organisation(name=f"Công ty {i}", kind="enterprise", tax_code=valid_tax_code(),
                                district=districts[i % len(districts)], address="Thanh Hóa")
            for i in range(200)]
    add_member(organisation=orgs[0], user=enterprise)
    # The case page: one case as the services make it (desk, history, deadlines).
    walked = create_case(created_by=enterprise, host=orgs[0], title="Đề tài mẫu để đo trang",
                         kind="research", requested_budget=900_000_000)
    from tests.factories import upload_required

    upload_required(walked, "proposal", enterprise)
    walked = perform_transition(case=walked, name="submit", user=enterprise, data={})
    rule_set = RuleSet.objects.order_by("pk").first()

    started = time.monotonic()
    now = timezone.now()
    rnd = random.Random(13)
    case_fields = [f for f in TaskCase._meta.concrete_fields if not f.primary_key]
    explicit = {
        "status": lambda i: STATUSES_ALL[i % len(STATUSES_ALL)],
        "code": lambda i: f"BN-{2020 + i % 7}-{i:06d}",
        "title": lambda i: f"Nhiệm vụ đo tải số {i}",
        "kind": lambda i: ("research", "enterprise_support", "pilot_model")[i % 3],
        "host_id": lambda i: orgs[i % len(orgs)].pk,
        # Runs of ten consecutive cases (one of each status, as i % 10 gives it) per officer,
        # so each officer has cases in every status. ((i // 3) % 10 gave officer1 only the
        # first three statuses, and the filtered list measured an empty page.)
        "assigned_officer_id": lambda i: officers[(i // len(STATUSES_ALL)) % len(officers)].pk,
        "rule_set_id": lambda i: rule_set.pk,
        "created_by_id": lambda i: enterprise.pk,
        "created_at": lambda i: now - datetime.timedelta(minutes=i * 37),
        "updated_at": lambda i: now,
        "requested_budget": lambda i: 100_000_000 + (i % 50) * 10_000_000,
    }

    def default(field):
        if field.has_default():
            value = field.get_default()
            return value if not isinstance(value, (dict, list)) else str(value).replace("'", '"')
        return None if field.null else ""

    defaults = {f.column: default(f) for f in case_fields}
    columns = [f.column for f in case_fields]
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own cursor, for COPY
        copy_rows(cursor, TaskCase._meta.db_table, columns,
                  ([explicit[c](i) if c in explicit else defaults[c] for c in columns]
                   for i in range(n_cases)))
        cursor.execute(f"SELECT min(id), max(id) FROM {TaskCase._meta.db_table} "
                       "WHERE code LIKE 'BN-%%'")
        low, high = cursor.fetchone()
        log(f"{n_cases} cases in {time.monotonic() - started:.0f} s")
        copy_rows(cursor, TransitionLog._meta.db_table,
                  ["case_id", "transition", "from_status", "to_status", "actor_id", "at",
                   "comment", "payload"],
                  ((low + i % n_cases, "submit", "draft", "submitted", enterprise.pk,
                    now - datetime.timedelta(minutes=i), "", "{}") for i in range(n_history)))
        log(f"+ {n_history} history rows in {time.monotonic() - started:.0f} s")
        today = timezone.localdate()

        def deadline_row(i):
            due_on = today + datetime.timedelta(days=rnd.randint(-30, 120))
            owed = reviewer.pk if i % 100 == 0 else None
            return (low + (i * 7) % n_cases, rule_set.pk, "periodic_report", "Báo cáo định kỳ",
                    "Periodic report", 1 + i // n_cases, "reviewer" if owed else "enterprise", owed,
                    datetime.datetime.combine(due_on, datetime.time(17),
                                              tzinfo=timezone.get_current_timezone()),
                    due_on, 6, "months", "TT 09/2014/TT-BKHCN", "", False,
                    "open" if i % 3 else "satisfied", "", "", now)

        copy_rows(cursor, Deadline._meta.db_table,
                  ["case_id", "rule_set_id", "code", "title", "title_en", "sequence", "owed_by_role",
                   "owed_by_user_id", "due_at", "due_on", "amount", "unit", "legal_basis",
                   "legal_article", "is_default_assumption", "status", "source_transition",
                   "closed_by_transition", "created_at"],
                  (deadline_row(i) for i in range(n_deadlines)))
        log(f"+ {n_deadlines} deadlines in {time.monotonic() - started:.0f} s")
    # Outside the transaction: VACUUM sets the visibility map (index-only scans), as
    # autovacuum does on a live database; ANALYZE gives the planner the new numbers.
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"seeded in {time.monotonic() - started:.0f} s (cases {low}..{high})")
    return {"officer": officers[0], "reviewer": reviewer, "case": walked}


def existing_world():
    """The people and the walked case of an earlier seed (``--reuse``), read back by name."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from tasks_kh_cn.models import TaskCase

    call_command("migrate", verbosity=0)  # indexes added since the seed
    call_command("collectstatic", "--noinput", verbosity=0)
    users = get_user_model().objects
    return {"officer": users.get(username="officer1"), "reviewer": users.get(username="reviewer1"),
            "case": TaskCase.objects.get(title="Đề tài mẫu để đo trang")}


def session_cookie(user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def serve():
    env = dict(os.environ)
    # gunicorn reads ./gunicorn.conf.py (the deployment's settings) from the repository.
    command = [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{PORT}",
               "--workers", os.environ.get("BENCH_WORKERS", "4"), "--log-level", "warning",
               "--timeout", "120"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    server.wait()
    sys.exit("gunicorn did not start")


def hammer(path, cookies, clients, seconds):
    """(total ms, time-to-first-byte ms, error statuses) of each request.

    Each client is a thread with one kept-alive connection through the standard library's
    ``http.client``: the clients share the server's two cores, and ``requests`` spent about
    1.6-1.9 ms of CPU per request there (``http.client`` 0.4-0.6 ms), time the server lost.
    """
    timings, firsts, errors, stop = [], [], [], time.monotonic() + seconds
    headers = {"X-Forwarded-Proto": "https", "Accept-Language": "vi",
               "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        while time.monotonic() < stop:
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()  # the status line and headers are read
                first = (time.perf_counter() - began) * 1000
                response.read()
            except (OSError, http.client.HTTPException) as exc:  # a result, not a crash
                errors.append(type(exc).__name__)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                continue
            elapsed = (time.perf_counter() - began) * 1000
            firsts.append(first)
            if response.status != 200:
                errors.append(response.status)
            timings.append(elapsed)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, firsts, errors


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used, from /proc (0 when it has gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _processes():
    """``(pid, parent pid, name)`` of every process, from /proc."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    text = stat.read()
            except OSError:
                continue
            name = text[text.index("(") + 1:text.rindex(")")]
            yield int(entry), int(text.rsplit(")", 1)[1].split()[1]), name


def cpu_snapshot(server):
    """CPU seconds used so far by gunicorn (master and workers), by PostgreSQL (every
    ``postgres`` process: the backends and their helpers) and by this process (the clients),
    and the machine's I/O-wait and total jiffies; ``None`` where /proc is not there (not
    Linux). Latency under load moves with whatever else the machine does; these say what the
    code cost (bench/page_profile.py measures the same in-process)."""
    if not os.path.isdir("/proc"):
        return None
    processes = list(_processes())
    app = [pid for pid, parent, _name in processes if pid == server.pid or parent == server.pid]
    database = [pid for pid, _parent, name in processes if name == "postgres"]
    with open("/proc/stat") as stat:
        jiffies = [int(n) for n in stat.readline().split()[1:]]
    own = os.times()
    return {"app": sum(map(_proc_cpu, app)), "db": sum(map(_proc_cpu, database)),
            "clients": own.user + own.system, "iowait": jiffies[4], "total": sum(jiffies)}


def cpu_per_request(before, after, requests) -> str:
    if before is None or after is None or not requests:
        return ""
    per = {key: (after[key] - before[key]) * 1000 / requests for key in ("app", "db", "clients")}
    iowait = 100 * (after["iowait"] - before["iowait"]) / max(1, after["total"] - before["total"])
    return (f"  cpu/req app {per['app']:.1f} db {per['db']:.1f} clients {per['clients']:.1f}"
            f"  iowait {iowait:.0f}%")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--deadlines", type=int, default=300_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--reuse", action="store_true",
                        help="measure the database of an earlier run again (no re-seeding)")
    parser.add_argument("--only", default="",
                        help="measure only the pages whose label holds this text (the floor "
                             "is always measured), e.g. --only export")
    args = parser.parse_args()
    if args.reuse:
        world = existing_world()
    else:
        recreate_database()
        prepare_database()
        world = seed(args.cases, args.history, args.deadlines)
    officer = session_cookie(world["officer"])
    reviewer = session_cookie(world["reviewer"])
    pages = [
        ("floor: trivial authenticated page", "/notifications/calendar/", officer),
        ("officer's filtered case list",
         f"/cases/?phase=implementation&officer={world['officer'].pk}&due_within=30&sort=due",
         officer),
        ("reviewer's inbox", "/inbox/", reviewer),
        ("case page", f"/cases/{world['case'].pk}/", officer),
        ("API case list", "/api/tasks/?kind=research&overdue=true&sort=-created", officer),
        (f"Excel export ({args.cases // 10} rows)",
         f"/cases/export.xlsx?officer={world['officer'].pk}", officer),
    ]
    pages = [page for number, page in enumerate(pages)
             if number == 0 or args.only.lower() in page[0].lower()]
    server = serve()
    try:
        print(f"\n{'page':<40} {'n':>6} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7}"
              f"  {'TTFB p50':>8} {'p95':>6}  ms", flush=True)
        for label, path, cookies in pages:
            hammer(path, cookies, args.clients, 3)  # warm-up: every worker, every cache
            before = cpu_snapshot(server)
            timings, firsts, errors = hammer(path, cookies, args.clients, args.seconds)
            spent = cpu_per_request(before, cpu_snapshot(server), len(timings))
            print(f"{label:<40} {len(timings):>6} {len(timings) / args.seconds:>7.1f} "
                  f"{statistics.median(timings):>7.0f} {percentile(timings, 95):>7.0f} "
                  f"{percentile(timings, 99):>7.0f}  {statistics.median(firsts):>8.0f} "
                  f"{percentile(firsts, 95):>6.0f}  load {os.getloadavg()[0]:.1f}{spent}"
                  + (f"  errors: {len(errors)} {set(errors)}" if errors else ""), flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
