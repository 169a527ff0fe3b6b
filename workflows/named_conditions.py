"""Conditions the lifecycle names, registered by the apps that own the data they read.

``workflows/lifecycle.py`` is imported while ``tasks_kh_cn``'s models load (the case model
carries the FSM), so it must not import anything that reads those models, nor the
councils, pilots or support apps built on them. It names each condition instead;
the owning app registers the condition in its ``AppConfig.ready()``, and the name is
resolved on first use, when every model is loaded. Layers point one way: the apps
know the lifecycle, the lifecycle does not know the apps.
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

_factories: dict[str, Callable] = {}
# Within ``evaluated_once()``: (condition, case pk) -> its answer.
_answers: ContextVar[dict | None] = ContextVar("khcn_condition_answers", default=None)


@contextmanager
def evaluated_once():
    """Answer each condition once per case inside the block.

    ``perform_transition`` checks a transition's conditions itself, to give the reason of the
    first one unmet, and django-fsm checks them again when the transition method runs; both
    happen before anything is written, so the second check can take the first one's answer
    instead of reading the same rows again (a signed scan, the ledger's totals)."""
    token = _answers.set({})
    try:
        yield
    finally:
        _answers.reset(token)


def register_condition(name: str, factory: Callable) -> None:
    """``factory(*args)`` builds the condition the lifecycle names ``name`` with ``args``."""
    known = _factories.get(name)
    if known is not None and known is not factory:
        raise ImproperlyConfigured(f"Two conditions are registered as {name!r}.")
    _factories[name] = factory


def register_conditions(factories: dict[str, Callable]) -> None:
    for name, factory in factories.items():
        register_condition(name, factory)


def registered_conditions() -> frozenset[str]:
    return frozenset(_factories)


class Named:
    """A condition django-fsm calls like any other; the registered one does the work."""

    def __init__(self, name: str, *args):
        self.name = name
        self.args = args
        self.__name__ = name  # django-fsm's graphs and messages read it
        self._target = None

    @property
    def target(self):
        if self._target is None:
            factory = _factories.get(self.name)
            if factory is None:
                raise ImproperlyConfigured(
                    f"No condition is registered as {self.name!r}: register it in the "
                    "AppConfig.ready() of the app that owns it.")
            self._target = factory(*self.args)
        return self._target

    def __call__(self, case) -> bool:
        answers = _answers.get()
        if answers is None:
            return self.target(case)
        key = (self, case.pk)
        if key not in answers:
            answers[key] = self.target(case)
        return answers[key]

    def reason(self, case) -> str:
        reason = getattr(self.target, "reason", None)
        if reason is not None:
            return reason(case)
        return getattr(self.target, "__doc__", None) or _("Chưa đủ điều kiện.")

    def __repr__(self) -> str:
        return f"Named({self.name!r}{''.join(f', {a!r}' for a in self.args)})"
