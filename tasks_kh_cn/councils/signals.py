"""Signals of the council app.

``council_formed`` is sent after commit when a council opens its first round, with
kwargs ``council`` and ``ballots_due`` (a date): the deadlines app creates the members'
ballot deadlines from it. ``council_round_opened`` is sent after commit for every round
(kwargs ``council``, ``round``, ``ballots_due``).
"""

from django.dispatch import Signal

council_formed = Signal()
council_round_opened = Signal()
