"""Transitions per second through the service layer, against a raw-SQL baseline.

Usage (PostgreSQL; the database named in DATABASE_URL is DROPPED and re-created, so its
name must contain "bench"):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khcn_bench .venv/bin/python bench/transitions.py

Needs Redis too: the notices a transition records are published to Celery on Redis
(``CELERY_BROKER_URL``, default db 15, emptied first) and fanned out by no worker, as a web
request does in production. Two processes each drive their own research cases along the
lifecycle, submit to completion:
every transition goes through ``perform_transition`` (row lock, permission and condition
checks, payload form, the FSM, the history row, the viewflow desk hand-over), one
transaction each, with the acting user loaded afresh as a web request would. The three
steps a council decides (list, select, acceptance) are run between the timed segments,
untimed, through the council services. The baseline, on the same database with two
processes, does one UPDATE and one INSERT per transaction, in slices run after each timed
segment (``--baseline-seconds`` in all), so that both rates cover the same stretch of the
run. Prints ``N transitions/s``, the baseline's rate with its slowest and fastest slice, and
``ratio X.XXX`` (service rate / baseline rate).
"""

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Measured as deployed: DEBUG off (with DEBUG on, Django logs and keeps every query).
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="khcn-bench-media-"))
# As deployed, a transition's notices are fanned out by the Celery workers after the commit:
# the request only publishes the task. The bench publishes to Redis (db 15, emptied first)
# and starts no worker, so it times what a web request does.
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")


def psycopg_url():
    return os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)


def recreate_database():
    import psycopg

    url = urlparse(psycopg_url())
    name = url.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: use a database whose name contains 'bench'.")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django():
    import django

    django.setup()


class Cast:
    pass


def bench_cast() -> Cast:
    """The bench's people, read back by name (in a forked worker as in the parent)."""
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="bench_")}
    cast = Cast()
    cast.host, cast.officer = users["bench_ent"], users["bench_off"]
    cast.approver, cast.finance = users["bench_appr"], users["bench_fin"]
    return cast


def prepare(cases_per_process: int, processes: int):
    """The people, and cases with every dossier uploaded (untimed)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tasks_kh_cn.services.cases import assign_officer
    from tests.defaults import ensure_migration_data
    from tests.factories import make_case, make_enterprise_user, upload_required, user_with_role
    from workflows.roles import Role

    ensure_migration_data()
    cast = Cast()
    cast.host = make_enterprise_user(username="bench_ent")
    cast.officer = user_with_role(Role.OFFICER, username="bench_off")
    cast.approver = user_with_role(Role.APPROVER, username="bench_appr")
    cast.finance = user_with_role(Role.FINANCE, username="bench_fin")
    groups = []
    for _p in range(processes):
        ids = []
        for _c in range(cases_per_process):
            case = make_case(cast.host, title="Bench case")
            assign_officer(case=case, officer=cast.officer)
            for stage in ("proposal", "appraisal", "acceptance"):
                upload_required(case, stage, cast.host)
            ids.append(case.pk)
        groups.append(ids)
    return cast, groups


def segments(cast):
    """The research path cut at the steps a council decides."""
    from tests.factories import COUNCIL_STEPS, research_path

    parts, current = [], []
    for name, user, data, _stage in research_path(cast):
        if name in COUNCIL_STEPS:
            parts.append((current, name, data))
            current = []
        else:
            current.append((name, user.pk, data))
    parts.append((current, None, None))
    return parts


def drive(case_ids, steps, queue):
    """Timed: take ``steps`` on each case, in one process."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from tasks_kh_cn.models import TaskCase
    from workflows.services import perform_transition

    User = get_user_model()
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    from tests.factories import prepare_documents

    cast = bench_cast()
    cases = list(TaskCase.objects.filter(pk__in=case_ids))
    elapsed = 0.0
    for case in cases:
        for name, user_pk, data in steps:
            # Untimed: what the people do on the case's other pages before the step (the
            # signed contract scans, the results registration, the settlement accounts).
            prepare_documents(case, name, cast, cast.host)
            started = time.perf_counter()
            with connection.execute_wrapper(count):
                # As a web request would: the acting user is loaded afresh, caches empty.
                actor = User.objects.get(pk=user_pk)
                case = perform_transition(case=case, name=name, user=actor, data=data)
            elapsed += time.perf_counter() - started
    connection.close()
    queue.put((len(cases) * len(steps), elapsed, queries[0]))


def run_parallel(target, args_list):
    from django.db import connections

    connections.close_all()
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, queue)) for args in args_list]
    for proc in procs:
        proc.start()
    results = []
    while len(results) < len(procs):
        try:
            results.append(queue.get(timeout=5))
        except Empty:
            dead = [p for p in procs if p.exitcode not in (None, 0)]
            if dead:  # a child that failed never reports: say so instead of waiting for ever
                for proc in procs:
                    proc.terminate()
                sys.exit(f"bench: a worker process failed (exit code {dead[0].exitcode})")
    for proc in procs:
        proc.join()
    return results


def baseline(seconds: float, row_id: int, queue):
    import psycopg

    with psycopg.connect(psycopg_url()) as conn:
        done = 0
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            with conn.transaction():
                conn.execute("UPDATE bench_baseline SET status = %s WHERE id = %s", (str(done), row_id))
                conn.execute("INSERT INTO bench_baseline_log (case_id, status, at) "
                             "VALUES (%s, %s, now())", (row_id, str(done)))
            done += 1
        queue.put((done, time.perf_counter() - started, 2 * done))


def create_baseline_tables(processes: int) -> None:
    import psycopg

    with psycopg.connect(psycopg_url(), autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_baseline, bench_baseline_log")
        conn.execute("CREATE TABLE bench_baseline (id int primary key, status text)")
        conn.execute("CREATE TABLE bench_baseline_log (id bigserial primary key, case_id int, "
                     "status text, at timestamptz)")
        for i in range(1, processes + 1):  # a row per process: no queue on one row lock
            conn.execute("INSERT INTO bench_baseline VALUES (%s, 'draft')", (i,))


def run_baseline(seconds: float, processes: int) -> tuple[int, float]:
    """One slice of the baseline: (transactions, seconds)."""
    results = run_parallel(baseline, [(seconds, i) for i in range(1, processes + 1)])
    return sum(r[0] for r in results), max(r[1] for r in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=40, help="cases per process")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--baseline-seconds", type=float, default=5.0,
                        help="in all, cut in slices run after each timed segment")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (this bench measures PostgreSQL).")

    recreate_database()
    if os.environ["CELERY_BROKER_URL"].startswith("redis://"):
        import redis

        redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).flushdb()
    setup_django()
    cast, groups = prepare(args.cases, args.processes)
    from tasks_kh_cn.models import TaskCase
    from tests.councils.helpers import run_council
    from tests.factories import COUNCIL_STEPS

    create_baseline_tables(args.processes)
    parts = segments(cast)
    timed = sum(1 for steps, _step, _decision in parts if steps)
    total = queries = 0
    wall = 0.0
    slices = []
    for steps, council_step, decision in parts:
        if steps:
            results = run_parallel(drive, [(ids, steps) for ids in groups])
            total += sum(r[0] for r in results)
            queries += sum(r[2] for r in results)
            wall += max(r[1] for r in results)
            # The baseline in slices between the timed segments, not once at the end: the
            # machine's disk and CPU move within a run (one 5 s baseline read 1,483 and then
            # 2,269 transactions/s on one machine minutes apart), so both rates are taken
            # over the same stretch of time.
            slices.append(run_baseline(args.baseline_seconds / timed, args.processes))
        if council_step:  # untimed: the council decides, its decision takes the transition
            for case in TaskCase.objects.filter(pk__in=sum(groups, [])):
                run_council(case, cast, COUNCIL_STEPS[council_step], decision=decision,
                            rating=decision.get("rating", "pass"))
    assert TaskCase.objects.filter(pk__in=sum(groups, []), status="completed").count() == \
        args.cases * args.processes
    rate = total / wall
    base = sum(n for n, _s in slices) / sum(t for _n, t in slices)
    spread = sorted(n / t for n, t in slices)
    print(f"service layer: {total} transitions in {wall:.2f} s with {args.processes} processes, "
          f"{queries / total:.1f} queries each (user loaded per transition; BEGIN/COMMIT not counted)")
    print(f"baseline (UPDATE + INSERT per transaction, {args.processes} processes): "
          f"{base:.0f} transactions/s (slices {spread[0]:.0f}–{spread[-1]:.0f})")
    print(f"{rate:.0f} transitions/s")
    print(f"ratio {rate / base:.3f}")


if __name__ == "__main__":
    main()
