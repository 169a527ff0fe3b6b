"""gunicorn's settings for this project, read from the working directory (gunicorn's default
``./gunicorn.conf.py``) by every ``gunicorn config.wsgi`` started in the repository: the
README's deployment, CI's production smoke and ``bench/pages.py``.

Command-line options (``-b``, ``-w`` …) still win over what is set here.
"""

import gc


def post_worker_init(worker):
    """Move what the worker loaded at start (Django, the apps, their modules: about 180,000
    objects) out of the garbage collector's sight, with the standard library's ``gc.freeze``.

    Those objects live as long as the worker, yet a full collection walks them all: about
    135 ms on the 2-core machine, one request stalled, now and then, on every worker
    (bench/pages.py's p95 and p99). After the freeze a full collection walks only what
    requests created since. Reference cycles among the frozen objects are never collected,
    which costs nothing: none of them is garbage.
    """
    gc.collect()
    gc.freeze()
    worker.log.debug("gc: %s start-up objects frozen", gc.get_freeze_count())
