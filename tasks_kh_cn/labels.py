"""Choice labels as plain strings: one table per set of choices and language, built once.

Django's ``get_FOO_display`` rebuilds the field's choices on each call (``flatchoices``, then
hashes every lazy label, which translates it): for the ~35 case statuses that is most of the
cost of a list row's labels (bench/page_profile.py: a tenth of the API list's time). The
labels do not change while the process runs, so the lists read them from here.
"""

from functools import cache

from django.utils.translation import get_language

from workflows.lifecycle import PHASE_OF


@cache
def _table(choices, language) -> dict:
    return {value: str(label) for value, label in choices.choices}


@cache
def _phases(language) -> dict:
    return {status: str(phase.label) for status, phase in PHASE_OF.items()}


def labels(choices) -> dict:
    """``{value: label}`` of a TextChoices class in the active language."""
    return _table(choices, get_language())


def phase_labels() -> dict:
    """``{status: the label of its phase}`` in the active language."""
    return _phases(get_language())
