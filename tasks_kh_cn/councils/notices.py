"""What the council part tells its members and the case's people (connected in apps.ready):
the invitation when a council is formed, each round's ballot window and the end of a round.
The decision is told by the case transition it triggers (tasks_kh_cn/notices.py)."""

from django.dispatch import receiver

from notifications.notices import notify
from tasks_kh_cn.notices import in_both

from .models import CouncilMember, CouncilType
from .signals import council_formed, council_round_closed, council_round_opened


def _members(council, **filters) -> list[int]:
    return list(CouncilMember.objects.filter(council=council, **filters)
                .values_list("user_id", flat=True))


def _names(council) -> dict:
    # The choice's own (lazy) label: get_council_type_display() is already a string in the
    # request's language, which gave English notices the Vietnamese name.
    vi, en = in_both(CouncilType(council.council_type).label)
    return {"council_name": vi, "council_name_en": en}


@receiver(council_formed, dispatch_uid="councils.notify_invitation")
def invite_members(sender, council, ballots_due=None, **kwargs):
    notify("council_invitation", case=council.case, key=f"council:{council.pk}:invitation",
           context={**_names(council), "due_on": ballots_due}, people=_members(council),
           actor=council.formed_by)


@receiver(council_round_opened, dispatch_uid="councils.notify_round_opened")
def round_opened(sender, council, round, ballots_due=None, **kwargs):
    notify("ballot_window_opened", case=council.case, key=f"council:{council.pk}:open:{round}",
           context={**_names(council), "round": round, "due_on": ballots_due},
           people=_members(council))


@receiver(council_round_closed, dispatch_uid="councils.notify_round_closed")
def round_closed(sender, council, round, **kwargs):
    notify("council_round_closed", case=council.case, key=f"council:{council.pk}:closed:{round}",
           context={**_names(council), "round": round},
           people=_members(council, role="secretary"))
