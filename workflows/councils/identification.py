"""Identification council (TT 06/2023): 7–11 members, 2 reviewers per proposal."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from tasks_kh_cn.councils.models import CouncilProcess

from .base import (
    CouncilFlowMixin,
    SeatSplit,
    case_officer,
    council_secretary,
    keep_seat,
    occupant_user,
    reopened_by_decider,
    round_closed,
    seat_cleared,
    seat_excluded,
    seats_of,
    second_round_needed,
)
from .views import council_task_view


class IdentificationCouncilFlow(CouncilFlowMixin, flow.Flow):
    process_class = CouncilProcess
    process_title = _("Hội đồng tư vấn xác định nhiệm vụ")

    # The officer forms the council (services.forming.form_council starts the process).
    start = flow.StartHandle(this.start_council).Next(this.open_round)
    # Ballots open; ballots_due is set and ``council_formed`` sent after commit.
    open_round = flow.Function(this.open_ballots).Next(this.seats)
    # Every seat works in parallel, while the secretary holds the round open.
    seats = (
        SeatSplit()
        .Next(this.seat_check, data_source=seats_of)
        .Always(this.close_round)
    )
    # A member of the host or a partner organisation is excluded before seeing anything.
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
        .Next(this.seat_check, task_data=keep_seat)
    )
    replace_member = (
        flow.View(council_task_view).Assign(case_officer)
        .Next(this.seat_check, task_data=keep_seat)
    )
    cast_ballot = flow.View(council_task_view).Assign(occupant_user).Next(this.round_done)
    # TT 06/2023: quorum ≥2/3 incl. chair (or authorised vice-chair), reviewers, secretary.
    close_round = flow.View(council_task_view).Assign(council_secretary).Next(this.round_done)
    # Closing the round cancels the seats of absent members.
    round_done = flow.Join(continue_on_condition=round_closed).Next(this.aggregate)
    # TT 06/2023: the proposal passes with MORE than 3/4 of ballots "Đạt yêu cầu".
    aggregate = flow.Function(this.aggregate_ballots).Next(this.tie)
    tie = flow.If(second_round_needed).Then(this.open_round).Else(this.decide)
    # The approver lists the task (list_task) or rejects it, as the outcome says.
    decide = (
        flow.View(council_task_view).Permission("tasks_kh_cn.approve_case")
        .Next(this.second_round)
    )
    second_round = flow.If(reopened_by_decider).Then(this.open_round).Else(this.end)
    end = flow.End()
