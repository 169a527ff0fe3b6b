"""gunicorn.conf.py, which every ``gunicorn config.wsgi`` started in the repository reads."""

import gc
import logging
import runpy
from pathlib import Path

from gunicorn.config import Config

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


class Worker:
    log = logging.getLogger("gunicorn.test")


def test_gunicorn_accepts_the_settings():
    settings = runpy.run_path(str(CONF))
    config = Config()
    # gunicorn validates each hook's arity when it is set: a hook gunicorn no longer knows,
    # or one whose signature it no longer accepts, fails here rather than at deployment.
    config.set("post_worker_init", settings["post_worker_init"])
    assert config.post_worker_init is settings["post_worker_init"]


def test_a_worker_freezes_what_it_loaded_at_start():
    settings = runpy.run_path(str(CONF))
    gc.unfreeze()
    try:
        settings["post_worker_init"](Worker())
        frozen = gc.get_freeze_count()
        # Django and the apps are loaded in this test process, as in a worker.
        assert frozen > 10_000
        assert len(gc.get_objects()) < frozen  # out of the collector's sight
    finally:
        gc.unfreeze()
