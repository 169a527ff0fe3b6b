"""Signals of the council app.

``council_formed`` is sent after commit when a council opens its first round, with
kwargs ``council`` and ``ballots_due`` (a date): the deadlines app creates the members'
ballot deadlines from it. ``council_round_opened`` is sent after commit for every round
(kwargs ``council``, ``round``, ``ballots_due``).

``ballot_submitted`` (kwargs ``council``, ``member``) and ``council_round_closed``
(kwargs ``council``, ``round``) are sent inside the service's transaction: the members'
ballot deadlines are satisfied, and those still open when the round closes cancelled.
``council_decided`` (kwargs ``council``) is sent inside ``services.decide``'s transaction:
no ballot of a decided council is owed any more.
"""

from django.dispatch import Signal

council_formed = Signal()
council_round_opened = Signal()
ballot_submitted = Signal()
council_round_closed = Signal()
council_decided = Signal()
