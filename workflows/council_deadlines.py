"""Ballot deadlines: a council's members owe their ballots by the round's due date.

When a round opens, each seated member gets a deadline on the case (so the reminder
sweep reminds them like any other obligation); submitting the ballot satisfies it,
and closing the round cancels those of members recorded absent. Connected in
``notifications.apps`` next to the other deadline receivers.
"""

from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from notifications.deadline_titles import in_both
from notifications.models import Deadline, DeadlineStatus, DueUnit
from tasks_kh_cn.councils.kinds import kind_of
from tasks_kh_cn.councils.models import Ballot, BallotStatus, Council, CouncilStatus, CouncilType
from tasks_kh_cn.councils.services.rounds import seated
from tasks_kh_cn.councils.signals import (
    ballot_submitted,
    council_decided,
    council_round_closed,
    council_round_opened,
)

from .deadlines import end_of
from .roles import Role


def ballot_code(council, round_number) -> str:
    return f"council-{council.pk}-r{round_number}-ballot"


@receiver(council_round_opened, dispatch_uid="workflows.ballot_deadlines_open")
def open_ballot_deadlines(sender, council, round, ballots_due, **kwargs):
    # Sent after commit: when the round opened, closed and was decided in one transaction
    # (the demo seeds whole councils that way), no ballot is owed any more by now.
    council = Council.objects.select_related("case").get(pk=council.pk)
    if council.status != CouncilStatus.IN_SESSION or council.round != round:
        return
    case = council.case
    # The ballots are the members' written work before the meeting: the kind's text; once
    # the meeting is scheduled the deadline moves to it (councils.services.meetings).
    basis, article = kind_of(council).legal_basis, ""
    code = ballot_code(council, round)
    # Sent after commit, so members may have voted in the same transaction (the demo seeds a
    # council mid-session that way): their ballot_submitted found no deadline to satisfy, and
    # a member who has voted owes nothing — no deadline for them.
    voted = set(Ballot.objects.filter(council=council, round=round,
                                      status=BallotStatus.SUBMITTED)
                .values_list("member_id", flat=True))
    title, title_en = in_both(_("Nộp phiếu đánh giá: %(council)s"),
                              {"council": CouncilType(council.council_type).label})
    with transaction.atomic():
        for member in seated(council):
            if member.pk in voted:
                continue
            Deadline.objects.get_or_create(
                case=case, code=code, owed_by_user=member.user,
                defaults=dict(
                    rule_set_id=case.rule_set_id,
                    title=title, title_en=title_en,
                    owed_by_role=Role.REVIEWER, due_at=end_of(ballots_due), due_on=ballots_due,
                    amount=council.rules_snapshot.get("ballots_due_days", 7), unit=DueUnit.CALENDAR_DAYS,
                    legal_basis=basis, legal_article=article, source_transition="council_round_opened",
                ),
            )


def _close(council, round_number, user=None, satisfied=True, label=""):
    """Close the open ballot deadlines of one round (``round_number``: all rounds when None),
    each through its FSM transition as ``deadlines.close_deadline`` does."""
    code = ballot_code(council, round_number) if round_number is not None else None
    open_ones = Deadline.objects.select_for_update().filter(
        case_id=council.case_id, status=DeadlineStatus.OPEN)
    if code is not None:
        open_ones = open_ones.filter(code=code)
    else:
        open_ones = open_ones.filter(code__startswith=f"council-{council.pk}-r",
                                     code__endswith="-ballot")
    if user is not None:
        open_ones = open_ones.filter(owed_by_user=user)
    for deadline in open_ones:
        (deadline.satisfy if satisfied else deadline.cancel)(transition_name=label)
        deadline.save(update_fields=["status", "closed_at", "closed_by_transition"])


@receiver(ballot_submitted, dispatch_uid="workflows.ballot_deadlines_satisfy")
def satisfy_ballot_deadline(sender, council, member, **kwargs):
    _close(council, council.round, member.user, satisfied=True, label="ballot_submitted")


@receiver(council_round_closed, dispatch_uid="workflows.ballot_deadlines_cancel")
def cancel_remaining_ballot_deadlines(sender, council, round, **kwargs):
    _close(council, round, satisfied=False, label="round_closed")


@receiver(council_decided, dispatch_uid="workflows.ballot_deadlines_decided")
def cancel_ballot_deadlines_of_decided(sender, council, **kwargs):
    """A decided council owes no ballot: whatever is still open (any round) is cancelled."""
    _close(council, None, satisfied=False, label="council_decided")
