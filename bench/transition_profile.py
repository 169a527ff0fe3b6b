"""Where a transition's time goes: Python calls per part of ``perform_transition``.

Usage (PostgreSQL; the database named in DATABASE_URL is DROPPED and re-created, so its
name must contain "bench"):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khcn_profile_bench \
        .venv/bin/python bench/transition_profile.py [--cases 10] [--depth 2] [--top 25]

It prepares cases as ``bench/transitions.py`` does and drives them along the research path
in this one process, counting the Python function calls made inside each transition and
charging each to the part of ``perform_transition`` it runs under (the row lock, the actor
check, each condition, each ``case_transitioned`` receiver, the viewflow hand-over, the
commit and its hooks ...), down to ``--depth`` levels. Calls, unlike seconds, do not move
with the machine's load, so two versions of the code compare on a shared machine; on this
code base a transition's time follows its call count (about 1.5 µs a call on the 2-core
machine, the database's own time aside). The queries per transition are printed too.
"""

import argparse
import collections
import contextlib
import os
import queue
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")

from bench import transitions as bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sql", action="store_true",
                        help="print the statements of each transition of the first case")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (this bench measures PostgreSQL).")
    bench.recreate_database()
    bench.setup_django()
    cast, groups = bench.prepare(args.cases, 1)

    from django.db import connection

    import workflows.services as services
    from tasks_kh_cn.models import TaskCase
    from tests.councils.helpers import run_council
    from tests.factories import COUNCIL_STEPS

    original = services.perform_transition
    counts, labels, depth_of = collections.Counter(), {}, {}
    top = {}

    def tracer(frame, event, arg):
        if event != "call":
            return
        code, parent = frame.f_code, frame.f_back
        if code is original.__code__ and "frame" not in top:
            top["frame"], label, depth = frame, "perform_transition itself", 0
        elif parent is not None and depth_of.get(id(parent), args.depth) < args.depth:
            here = f"{code.co_name} ({Path(code.co_filename).name}:{code.co_firstlineno})"
            parent_label = labels[id(parent)]
            label = here if parent is top.get("frame") else f"{parent_label} / {here}"
            depth = depth_of[id(parent)] + 1
        else:
            label, depth = labels.get(id(parent), "other"), args.depth
        labels[id(frame)], depth_of[id(frame)] = label, depth
        counts[label] += 1

    first_case, statements = groups[0][0], []

    def keep(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    def traced(*a, **kw):
        top.clear()
        labels.clear()
        depth_of.clear()
        shown = args.sql and kw["case"].pk == first_case
        statements.clear()
        sys.setprofile(tracer)
        try:
            with connection.execute_wrapper(keep) if shown else contextlib.nullcontext():
                return original(*a, **kw)
        finally:
            sys.setprofile(None)
            if shown:
                print(f"-- {kw['name']}: {len(statements)} statements")
                for sql in statements:
                    print(f"   {sql[:160]}")

    results, done, queries = queue.Queue(), 0, 0
    for steps, council_step, decision in bench.segments(cast):
        if steps:
            services.perform_transition = traced
            try:
                bench.drive(groups[0], steps, results)
            finally:
                services.perform_transition = original
            n, _elapsed, q = results.get()
            done, queries = done + n, queries + q
        if council_step:  # untimed, uncounted: the council decides
            for case in TaskCase.objects.filter(pk__in=groups[0]):
                run_council(case, cast, COUNCIL_STEPS[council_step], decision=decision,
                            rating=decision.get("rating", "pass"))
    total = sum(counts.values())
    print(f"{done} transitions: {total / done:,.0f} Python calls and {queries / done:.1f} "
          f"queries each (the acting user's load included in the queries)")
    for label, n in counts.most_common(args.top):
        print(f"{n / done:9,.0f}  {100 * n / total:5.1f}%  {label}")


if __name__ == "__main__":
    main()
