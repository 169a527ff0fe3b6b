"""The one council process: every council type runs this diagram; what differs (title,
decider, criteria, legal basis, the case transition each outcome triggers) is a row of
``tasks_kh_cn.councils.kinds.KINDS``.

Until issue 11 there were five copies of this file (``identification.py``, ``selection.py``,
``direct_assignment.py``, ``budget_appraisal.py``, ``acceptance.py``); migration
``councils`` ``one_council_flow`` moves the processes viewflow stored under those paths here.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from tasks_kh_cn.councils.models import CouncilProcess

from .base import (
    CouncilFlowMixin,
    SeatSplit,
    case_officer,
    cleared_seats,
    council_secretary,
    decider_permission,
    excluded_seats,
    keep_seat,
    occupant_user,
    reopened_by_decider,
    round_closed,
    seat_cleared,
    seat_excluded,
    second_round_needed,
    undeclared_seats,
)
from .views import council_task_view


class CouncilFlow(CouncilFlowMixin, flow.Flow):
    process_class = CouncilProcess
    process_title = _("Hội đồng")

    # The officer forms the council (services.forming.form_council starts the process).
    start = flow.StartHandle(this.start_council).Next(this.open_round)
    # Ballots open; ballots_due is set and ``council_formed`` sent after commit.
    open_round = flow.Function(this.open_ballots).Next(this.seats)
    # Every seat works in parallel, while the secretary holds the round open. A member of
    # the host or a partner organisation is excluded before seeing anything; one cleared in
    # an earlier round ballots again at once.
    seats = (
        SeatSplit()
        .Next(this.replace_member, data_source=excluded_seats)
        .Next(this.cast_ballot, data_source=cleared_seats)
        .Next(this.declare_conflict, data_source=undeclared_seats)
        .Always(this.close_round)
    )
    # A seat whose occupant was replaced: the newcomer is checked as at the split.
    seat_check = (
        flow.If(seat_excluded)
        .Then(this.replace_member, task_data=keep_seat)
        .Else(this.conflict_check, task_data=keep_seat)
    )
    conflict_check = (
        flow.If(seat_cleared)
        .Then(this.cast_ballot, task_data=keep_seat)
        .Else(this.declare_conflict, task_data=keep_seat)
    )
    declare_conflict = (
        flow.View(council_task_view).Assign(occupant_user)
        .Next(this.declared, task_data=keep_seat)
    )
    # After the declaration the seat is either cleared or excluded (a declared conflict).
    declared = (
        flow.If(seat_excluded)
        .Then(this.replace_member, task_data=keep_seat)
        .Else(this.cast_ballot, task_data=keep_seat)
    )
    replace_member = (
        flow.View(council_task_view).Assign(case_officer)
        .Next(this.seat_check, task_data=keep_seat)
    )
    cast_ballot = flow.View(council_task_view).Assign(occupant_user).Next(this.round_done)
    # Quorum (the council rule row): ≥2/3 incl. chair, reviewers, secretary as the type says.
    close_round = flow.View(council_task_view).Assign(council_secretary).Next(this.round_done)
    # Closing the round cancels the seats of absent members.
    round_done = flow.Join(continue_on_condition=round_closed).Next(this.aggregate)
    # The aggregation of the type (tasks_kh_cn.councils.aggregation) under its rule row.
    aggregate = flow.Function(this.aggregate_ballots).Next(this.tie)
    tie = flow.If(second_round_needed).Then(this.open_round).Else(this.decide)
    # The decider of the type (approver, or finance for the budget) takes the outcome
    # onto the case with the transition its kind row names.
    decide = (
        flow.View(council_task_view).Permission(decider_permission)
        .Next(this.second_round)
    )
    second_round = flow.If(reopened_by_decider).Then(this.open_round).Else(this.end)
    end = flow.End()
