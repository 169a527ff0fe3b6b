"""Reads of the ledger: its rows and its balance (the same figures for host and officer)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, Sum

from .models import SettlementStatus, Tranche, TrancheSettlement, TrancheStatus

PENDING = (TrancheStatus.REQUESTED, TrancheStatus.CHECKED)


@dataclass(frozen=True)
class Balance:
    approved: int          # the state budget approved for the task
    advanced: int          # paid advances
    pending: int           # requested or checked, not yet paid
    accounted: int         # settlement accepted by finance
    awaiting_review: int   # settlement submitted, not yet accepted

    @property
    def remaining(self) -> int:
        """State budget not yet advanced."""
        return self.approved - self.advanced

    @property
    def unaccounted(self) -> int:
        """Advanced money not yet accounted for."""
        return self.advanced - self.accounted


def balance(case) -> Balance:
    """Two aggregate queries, whatever the number of rows."""
    tranches = Tranche.objects.filter(case=case).aggregate(
        advanced=Sum("amount", filter=Q(status=TrancheStatus.PAID), default=0),
        pending=Sum("amount", filter=Q(status__in=PENDING), default=0))
    settled = TrancheSettlement.objects.filter(tranche__case=case).aggregate(
        accounted=Sum("amount", filter=Q(status=SettlementStatus.ACCEPTED), default=0),
        awaiting=Sum("amount", filter=Q(status=SettlementStatus.SUBMITTED), default=0))
    return Balance(approved=case.approved_budget or 0, advanced=tranches["advanced"],
                   pending=tranches["pending"], accounted=settled["accounted"],
                   awaiting_review=settled["awaiting"])


def ledger_rows(case) -> list[Tranche]:
    """The case's advances in order, each with its settlements and the people by name
    (two queries)."""
    people = ("requested_by__profile", "checked_by__profile", "paid_by__profile")
    settlements = TrancheSettlement.objects.select_related(
        "evidence", "recorded_by__profile", "reviewed_by__profile").order_by("recorded_at", "pk")
    return list(Tranche.objects.filter(case=case).select_related("deadline", *people)
                .prefetch_related(Prefetch("settlements", queryset=settlements))
                .order_by("number"))


def accounted_of(tranche) -> int:
    """Accepted settlement of one tranche, from its prefetched rows."""
    return sum(s.amount for s in tranche.settlements.all()
               if s.status == SettlementStatus.ACCEPTED)
