"""Ballot deadlines: a council's members owe their ballots by the round's due date.

When a round opens, each seated member gets a deadline on the case (so the reminder
sweep reminds them like any other obligation); submitting the ballot satisfies it,
and closing the round cancels those of members recorded absent. Connected in
``notifications.apps`` next to the other deadline receivers.
"""

from django.db import transaction
from django.dispatch import receiver

from notifications.models import Deadline, DeadlineStatus, DueUnit
from tasks_kh_cn.councils.models import Council, CouncilStatus
from tasks_kh_cn.councils.services.rounds import seated
from tasks_kh_cn.councils.signals import (
    ballot_submitted,
    council_decided,
    council_round_closed,
    council_round_opened,
)

from .deadlines import end_of
from .roles import Role

# Where the regulation puts the members' written work before the meeting.
BALLOT_BASIS = {
    "identification": ("TT 06/2023/TT-BKHCN", "tài liệu gửi trước phiên họp ít nhất 5 ngày làm việc"),
    "selection": ("TT 20/2023/TT-BKHCN", "gửi câu hỏi, nhận xét trước phiên họp ít nhất 5 ngày làm việc"),
    "direct_assignment": ("TT 20/2023/TT-BKHCN", "Điều 21"),
    "budget_appraisal": ("TT 20/2023/TT-BKHCN", "tổ thẩm định kinh phí"),
    "acceptance": ("TT 11/2014/TT-BKHCN", "nhận xét bằng văn bản trước phiên họp ít nhất 1 ngày làm việc"),
}


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
    basis, article = BALLOT_BASIS.get(council.council_type, ("", ""))
    code = ballot_code(council, round)
    with transaction.atomic():
        for member in seated(council):
            Deadline.objects.get_or_create(
                case=case, code=code, owed_by_user=member.user,
                defaults=dict(
                    rule_set_id=case.rule_set_id,
                    title=f"Nộp phiếu đánh giá: {council.get_council_type_display()}",
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
