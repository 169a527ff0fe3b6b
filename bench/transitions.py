"""Transitions per second through the service layer, against a raw-SQL baseline.

Usage (PostgreSQL; the database is migrated and filled with bench data):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khcn_bench .venv/bin/python bench/transitions.py

Each of two processes drives its own cases along the research lifecycle (19 transitions
from submit to settle: permission checks, conditions, payload forms, the history row and
the viewflow desk hand-over, one transaction each). The baseline, on the same database
with two processes, does one UPDATE and one INSERT per transaction. Prints
``N transitions/s`` and ``ratio X.XX`` (service rate / baseline rate).
"""

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="khcn-bench-media-"))


def setup_django():
    import django

    django.setup()


def prepare(cases_per_process: int, processes: int):
    """Cast, organisations and cases with every dossier uploaded (untimed)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.defaults import ensure_migration_data

    ensure_migration_data()
    from django.contrib.auth import get_user_model

    from tasks_kh_cn.models import TaskCase
    from tests.factories import Cast, make_case, upload_required

    User = get_user_model()
    suffix = str(int(time.time()))
    cast = Cast.__new__(Cast)
    from tests.factories import make_enterprise_user, user_with_role
    from workflows.roles import Role

    cast.host = make_enterprise_user(username=f"bench_ent_{suffix}")
    cast.officer = user_with_role(Role.OFFICER, username=f"bench_off_{suffix}")
    cast.approver = user_with_role(Role.APPROVER, username=f"bench_appr_{suffix}")
    cast.finance = user_with_role(Role.FINANCE, username=f"bench_fin_{suffix}")
    groups = []
    for _p in range(processes):
        ids = []
        for _c in range(cases_per_process):
            case = make_case(cast.host, title="Bench case")
            from tasks_kh_cn.services.cases import assign_officer

            assign_officer(case=case, officer=cast.officer)
            for stage in ("proposal", "appraisal", "acceptance"):
                upload_required(case, stage, cast.host)
            ids.append(case.pk)
        groups.append(ids)
    users = {name: getattr(cast, name).pk for name in ("host", "officer", "approver", "finance")}
    assert TaskCase.objects.filter(pk__in=groups[0]).count() == cases_per_process
    del User
    return groups, users


def drive(case_ids, users, queue):
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from tasks_kh_cn.models import TaskCase
    from tests.factories import research_path
    from workflows.services import perform_transition

    User = get_user_model()

    class Cast:
        pass

    cast = Cast()
    for name, pk in users.items():
        setattr(cast, name, User.objects.get(pk=pk))
    path = research_path(cast)
    cases = list(TaskCase.objects.filter(pk__in=case_ids))
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    done = 0
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        for case in cases:
            for name, user, data, _stage in path:
                # As a web request would: the user is loaded afresh, with empty caches.
                actor = User.objects.get(pk=user.pk)
                case = perform_transition(case=case, name=name, user=actor, data=data)
                done += 1
    elapsed = time.perf_counter() - started
    connection.close()
    queue.put((done, elapsed, queries[0]))


def baseline(seconds: float, queue):
    import psycopg

    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=False) as conn:
        done = 0
        started = time.perf_counter()
        deadline = started + seconds
        while time.perf_counter() < deadline:
            with conn.transaction():
                conn.execute("UPDATE bench_baseline SET status = %s WHERE id = 1", (str(done),))
                conn.execute(
                    "INSERT INTO bench_baseline_log (case_id, status, at) VALUES (1, %s, now())",
                    (str(done),),
                )
            done += 1
        queue.put((done, time.perf_counter() - started))


def run_baseline(seconds: float, processes: int) -> float:
    import psycopg

    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_baseline, bench_baseline_log")
        conn.execute("CREATE TABLE bench_baseline (id int primary key, status text)")
        conn.execute("CREATE TABLE bench_baseline_log (id bigserial primary key, case_id int, "
                     "status text, at timestamptz)")
        # One row per process, so the baseline is not a lock queue on a single row.
        for i in range(1, processes + 1):
            conn.execute("INSERT INTO bench_baseline VALUES (%s, 'draft')", (i,))
    queue = mp.Queue()
    procs = [mp.Process(target=baseline, args=(seconds, queue)) for _ in range(processes)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    return sum(done for done, _ in results) / max(elapsed for _, elapsed in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=40, help="cases per process")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--baseline-seconds", type=float, default=5.0)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (this bench measures PostgreSQL).")

    setup_django()
    groups, users = prepare(args.cases, args.processes)
    from django.db import connections

    connections.close_all()
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=drive, args=(ids, users, queue)) for ids in groups]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    total = sum(r[0] for r in results)
    wall = max(r[1] for r in results)
    queries = sum(r[2] for r in results)
    rate = total / wall
    base = run_baseline(args.baseline_seconds, args.processes)
    print(f"service layer: {total} transitions in {wall:.2f} s with {args.processes} processes, "
          f"{queries / total:.1f} queries each (BEGIN/COMMIT included, user loaded per transition)")
    print(f"baseline (UPDATE + INSERT per transaction): {base:.0f} transactions/s")
    print(f"{rate:.0f} transitions/s")
    print(f"ratio {rate / base:.2f}")


if __name__ == "__main__":
    main()
