"""Reads of the experts registry: the one selector the council pickers, the API and the
plan's advisory unit (issue 14) use.

Councils served and conflicts met on councils are DERIVED from the seats (never typed
in twice); conflicts known from elsewhere are ``ExpertConflict`` rows.
"""

from django.db.models import Count, Q

from .models import EXCLUDED, CouncilMember, Expert, ExpertConflict


def search_experts(*, field: str = "", active_only: bool = True):
    """Experts of the registry, optionally those of one field of expertise (its code),
    each with ``councils_served`` and ``council_conflicts`` counted from their seats."""
    experts = (Expert.objects.select_related("user__profile", "organisation")
               .prefetch_related("fields"))
    if active_only:
        experts = experts.filter(active=True)
    if field:
        experts = experts.filter(fields__code=field)
    return experts.annotate(
        councils_served=Count("user__council_seats__council", distinct=True),
        council_conflicts=Count("user__council_seats", distinct=True,
                                filter=Q(user__council_seats__conflict__in=EXCLUDED)),
    ).order_by("user__first_name", "user__last_name", "pk")


def conflict_organisations(user) -> set[int]:
    """Organisations a registry entry ties ``user`` to: where they work, and the conflicts
    recorded against them. A council reviewing such an organisation's dossier excludes
    them as it excludes the host's own staff (forming.seat_member)."""
    expert = Expert.objects.filter(user=user).first()
    if expert is None:
        return set()
    orgs = set(ExpertConflict.objects.filter(expert=expert).values_list("organisation_id",
                                                                         flat=True))
    if expert.organisation_id:
        orgs.add(expert.organisation_id)
    return orgs


def conflict_organisations_of(users) -> dict[int, set[int]]:
    """``conflict_organisations`` of several users in two queries (forming a council)."""
    orgs = {user.pk: set() for user in users}
    for user_id, organisation_id in Expert.objects.filter(
            user__in=users, organisation__isnull=False).values_list("user_id", "organisation_id"):
        orgs[user_id].add(organisation_id)
    for user_id, organisation_id in ExpertConflict.objects.filter(
            expert__user__in=users).values_list("expert__user_id", "organisation_id"):
        orgs[user_id].add(organisation_id)
    return orgs


def past_conflicts(expert) -> list[dict]:
    """Every conflict of interest known for ``expert``: recorded ones and council seats
    they were excluded from, newest first."""
    rows = [{"organisation": c.organisation.name, "note": c.note, "at": c.recorded_at,
             "council": None}
            for c in expert.conflicts.select_related("organisation")]
    seats = (CouncilMember.objects.filter(user=expert.user, conflict__in=EXCLUDED)
             .select_related("council__case__host"))
    rows += [{"organisation": seat.council.case.host.name, "note": seat.conflict_note,
              "at": seat.declared_at, "council": seat.council_id} for seat in seats]
    return sorted(rows, key=lambda row: row["at"] or expert.created_at, reverse=True)
