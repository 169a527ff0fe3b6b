"""Writes on councils: plain functions with keyword arguments, one transaction each.

Every service that moves a council's process takes the flow's lock first
(``workflows.councils.base.council_lock``), then writes, then completes the human task
it answers — so the viewflow process and the council's FSM move together or not at all.
"""

from .ballots import save_ballot, submit_ballot
from .decisions import decide, request_second_round
from .forming import form_council
from .members import declare_conflict, mark_absent, replace_member
from .rounds import close_round

__all__ = ["close_round", "decide", "declare_conflict", "form_council", "mark_absent",
           "replace_member", "request_second_round", "save_ballot", "submit_ballot"]
