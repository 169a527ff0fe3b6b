"""Deadlines that start or end with a council event rather than a case transition.

Deadline rules name the event as their trigger or in ``satisfied_by``:
``council_round_closed:<type>`` (the council concluded at its session) and
``council_formed:<type>``. Examples (REGULATIONS.md):
- TT 06/2023: the identification decision within 15 days *of the council meeting*: the
  day of the round's recorded meeting (councils.Meeting); a council that recorded none
  (formed before meetings were recorded) counts from the day its session closed.
- TT 11/2014: the acceptance council is *formed* within 15 working days of a valid
  dossier: forming it meets the obligation, not the council's verdict.
Connected in ``notifications.apps`` next to the other deadline receivers.
"""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from notifications.models import Deadline, DeadlineStatus
from tasks_kh_cn.councils.models import Council
from tasks_kh_cn.councils.signals import council_formed, council_round_closed

from .deadlines import apply_transition


def council_event(council, event: str) -> str:
    return f"{event}:{council.council_type}"


def meeting_day(council):
    """The day the council met: its round's meeting, else the day its session closed."""
    meeting = council.meetings.filter(round=council.round).only("starts_at").first()
    if meeting is not None:
        return timezone.localdate(meeting.starts_at)
    return timezone.localdate(council.closed_at or timezone.now())


def _apply(council, event, on):
    case = council.case
    name = council_event(council, event)
    with transaction.atomic():
        already = Deadline.objects.filter(case=case, source_transition=name,
                                          status=DeadlineStatus.OPEN).exists()
        if already:  # a second round (tie) does not open the same obligation twice
            return []
        return apply_transition(case=case, transition=name, to_status=case.status,
                                anchor_on=on)


@receiver(council_round_closed, dispatch_uid="workflows.council_events.round_closed")
def on_round_closed(sender, council, round, **kwargs):
    council = Council.objects.select_related("case").get(pk=council.pk)
    _apply(council, "council_round_closed", meeting_day(council))


@receiver(council_formed, dispatch_uid="workflows.council_events.formed")
def on_formed(sender, council, **kwargs):
    council = Council.objects.select_related("case").get(pk=council.pk)
    _apply(council, "council_formed", timezone.localdate(council.formed_at))
