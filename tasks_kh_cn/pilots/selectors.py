"""Reads for pilot models: steps with their evidence, and the before/after comparison (3.4 (6))."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from .models import Direction, Indicator, Measurement, Milestone, MilestoneEvidence, Step


def case_milestones(case):
    """The six steps with owner, evidence documents and measurements: 4 queries in all."""
    return list(
        Milestone.objects.filter(case=case).select_related("owner__profile", "recognised_by")
        .prefetch_related(
            Prefetch("evidence", queryset=MilestoneEvidence.objects.select_related("document")),
            Prefetch("measurements", queryset=Measurement.objects.select_related("indicator")),
        ).order_by("step")
    )


def active_indicators():
    return Indicator.objects.filter(is_active=True).order_by("position", "name")


@dataclass(frozen=True)
class Change:
    """One indicator before (step 1) and after (step 6)."""

    indicator: Indicator
    before: Decimal | None
    after: Decimal | None

    @property
    def absolute(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def percent(self) -> Decimal | None:
        """Relative change, to 2 decimals; none when the baseline is 0 (no meaningful ratio)."""
        if self.absolute is None or self.before == 0:
            return None
        return (self.absolute / abs(self.before) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def improved(self) -> bool | None:
        """Better in the indicator's direction? False if worse or unchanged, None if unknown."""
        if self.absolute is None:
            return None
        if self.indicator.direction == Direction.HIGHER:
            return self.absolute > 0
        return self.absolute < 0


def compare(measurements) -> list[Change]:
    """Pair step-1 and step-6 values of the same indicators, in the baseline's order."""
    before, after, indicators = {}, {}, {}
    for m in measurements:
        indicators[m.indicator_id] = m.indicator
        target = before if m.milestone.step == Step.BASELINE else after
        target[m.indicator_id] = m.value
    order = sorted(indicators.values(), key=lambda i: (i.position, i.name))
    return [Change(i, before.get(i.pk), after.get(i.pk)) for i in order if i.pk in before]


def before_after(case) -> list[Change]:
    """The comparison for a case, in one query."""
    rows = (Measurement.objects.filter(milestone__case=case,
                                       milestone__step__in=[Step.BASELINE, Step.EVALUATION])
            .select_related("indicator", "milestone"))
    return compare(rows)
