"""Reads for councils. Ballots are BLIND: until the secretary closes a round, a member
sees only their own ballot of that round — and so does everyone else, officers included."""

from django.db.models import Q
from guardian.shortcuts import get_objects_for_user

from .models import Ballot, Council, CouncilStatus, Outcome
from .permissions import can_read_results, is_department


def visible_councils(user):
    base = Council.objects.select_related("case", "rule")
    if user is None or not user.is_authenticated:
        return base.none()
    if is_department(user):
        return base
    return get_objects_for_user(user, "councils.view_council", klass=base,
                                accept_global_perms=False, with_superuser=False)


def closed_rounds_q(council) -> Q:
    """Rounds whose ballots may be shown: earlier rounds, and the current once closed."""
    if council.status in (CouncilStatus.CLOSED, CouncilStatus.DECIDED):
        return Q(round__lte=council.round)
    return Q(round__lt=council.round)


def visible_ballots(council, user):
    """Ballots of ``council`` that ``user`` may read (the caller checked the council itself)."""
    own = Q(member__user=user)
    shown = own
    if can_read_results(user, council):  # who may read the others: permissions.py
        shown = own | (closed_rounds_q(council) & Q(status="submitted"))
    return (
        Ballot.objects.filter(council=council)
        .filter(shown)
        .select_related("member__user", "dossier__case")
        .prefetch_related("items")
        .order_by("round", "member__seat", "dossier_id")
    )


def latest_outcome(council):
    return Outcome.objects.filter(council=council).order_by("-round").first()


def seats(council):
    """The active (not replaced) members, with their users."""
    return council.members.filter(replaced_by__isnull=True).select_related("user")
