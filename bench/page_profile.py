"""Server time of each page bench/pages.py measures, in one process, without the load.

Under 8 clients on 2 cores the p95 of bench/pages.py is roughly 4-5x one request's CPU
time, and that multiple moves with whatever else runs on the machine; this script measures
what the code controls: for each page, requested N times in-process with Django's test
Client (production settings, the same seeded PostgreSQL database, the same users, the
start-up objects frozen out of the garbage collector's walks as gunicorn.conf.py does), the mean
and best CPU time per request (process time: the database's own work is not counted, the
driver's is), the wall time, the time spent waiting on queries (as Django's debug cursor
times them: the database's work plus the driver's), the number of queries and the size.

Usage (a database seeded by bench/pages.py; it is only read, apart from the session rows the
logins write and the migrations ``existing_world`` applies):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khcn_speed_bench \\
        .venv/bin/python bench/page_profile.py [-n 30] [--page list] [--profile 25] [--lang en]

``--page`` (repeatable) keeps only the pages whose short name is given (floor, list, inbox,
case, api, export, and list-htmx: the list's results alone, as a filter change asks them); ``--profile
K`` prints cProfile's top K functions by cumulative time for each page; ``--queries CHARS``
prints each query of the last request with its time; ``--lang`` sets
Accept-Language (vi by default, as bench/pages.py).
"""

import argparse
import cProfile
import gc
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")  # not axes' line per login


def pages(world):
    officer, reviewer = world["officer"], world["reviewer"]
    return [
        ("floor", "/notifications/calendar/", officer, {}),
        ("list", f"/cases/?phase=implementation&officer={officer.pk}&due_within=30&sort=due",
         officer, {}),
        ("list-htmx",
         f"/cases/?phase=implementation&officer={officer.pk}&due_within=30&sort=due",
         officer, {"HTTP_HX_REQUEST": "true"}),
        ("inbox", "/inbox/", reviewer, {}),
        ("case", f"/cases/{world['case'].pk}/", officer, {}),
        ("api", "/api/tasks/?kind=research&overdue=true&sort=-created", officer, {}),
        ("export", f"/cases/export.xlsx?officer={officer.pk}", officer, {}),
    ]


def body(response) -> bytes:
    """The whole body: a streamed response (the export) is read to its end, as it is sent."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def measure(client, path, headers, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu, wall, queries, db = [], [], [], []
    for _ in range(n):
        with CaptureQueriesContext(connection) as captured:
            began_cpu, began = time.process_time(), time.perf_counter()
            response = client.get(path, **headers)
            size = len(body(response))
            cpu.append((time.process_time() - began_cpu) * 1000)
            wall.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path}: HTTP {response.status_code}")
        queries.append(len(captured))
        db.append(sum(float(query["time"]) for query in captured) * 1000)
    return cpu, wall, db, queries, size, captured


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=30, help="requests per page (after 3 warm-ups)")
    parser.add_argument("--page", action="append", help="only these pages (short names)")
    parser.add_argument("--profile", type=int, default=0, metavar="K",
                        help="print cProfile's top K functions per page")
    parser.add_argument("--queries", type=int, default=0, metavar="CHARS",
                        help="print the last request's queries, each cut to CHARS characters")
    parser.add_argument("--lang", default="vi")
    args = parser.parse_args()

    from bench.pages import existing_world

    world = existing_world()  # django.setup(), migrate, collectstatic, the users
    from django.test import Client

    # As gunicorn's workers serve (gunicorn.conf.py, post_worker_init): what start-up loaded
    # is out of the collector's sight. Without it a full collection walks those objects in
    # the middle of a request now and then, and its time lands on whatever function was
    # running (measured: the list's CPU mean 36 → 23 ms, the case page's 32 → 21 ms).
    gc.collect()
    gc.freeze()
    clients = {}
    # CaptureQueriesContext needs the connection to record queries with DEBUG off.
    print(f"{'page':<10} {'cpu mean':>9} {'cpu med':>8} {'cpu min':>8} {'wall mean':>10} {'db mean':>8} "
          f"{'queries':>8} {'KB':>6}  (ms)", flush=True)
    for name, path, user, extra in pages(world):
        if args.page and name not in args.page:
            continue
        if user.pk not in clients:
            clients[user.pk] = Client(HTTP_X_FORWARDED_PROTO="https")
            clients[user.pk].force_login(user)
        client = clients[user.pk]
        headers = {"HTTP_ACCEPT_LANGUAGE": args.lang, **extra}
        measure(client, path, headers, 3)  # warm-up: templates, caches, connection
        cpu, wall, db, queries, size, last = measure(client, path, headers, args.n)
        print(f"{name:<10} {statistics.mean(cpu):>9.1f} {statistics.median(cpu):>8.1f} {min(cpu):>8.1f} "
              f"{statistics.mean(wall):>10.1f} {statistics.mean(db):>8.1f} {max(queries):>8} "
              f"{size / 1024:>6.1f}", flush=True)
        if args.queries:
            for query in last:  # the last request's
                sql = " ".join(query["sql"].split())
                print(f"    {float(query['time']) * 1000:6.1f}  {sql[:args.queries]}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.n):
                body(client.get(path, **headers))
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(args.profile)
            print(out.getvalue())
            print_by_part(stats, args.n)


def part_of(filename: str) -> str:
    """The part of the stack a function's file belongs to: a library's sub-package (django's
    template, db, forms …), the project's app, or the standard library."""
    if "site-packages/" in filename:
        parts = filename.split("site-packages/", 1)[1].split("/")
        return "/".join(parts[:2]) if parts[0] == "django" and len(parts) > 2 else parts[0]
    if filename.startswith(str(ROOT)):
        return "project:" + Path(filename).relative_to(ROOT).parts[0]
    return "python"


def print_by_part(stats, n):
    """Own time (tottime) per part of the stack, per request: where the CPU goes."""
    totals = {}
    for (filename, _line, _name), row in stats.stats.items():
        totals[part_of(filename)] = totals.get(part_of(filename), 0.0) + row[2]
    whole = sum(totals.values())
    print("    own time per request by part (ms, share):")
    for part, seconds in sorted(totals.items(), key=lambda kv: -kv[1])[:14]:
        print(f"    {seconds * 1000 / n:7.2f}  {seconds / whole:5.1%}  {part}")


if __name__ == "__main__":
    main()
