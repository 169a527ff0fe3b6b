"""Statistics of the plan's targets: by year, by district, and the list behind each figure.

Every figure is counted from one *source* per target (``SOURCES``): the rows that make
it (an attendance, a completed case, a publicity...), which establishment or case each
row counts for (``key``: an establishment trained twice counts once), its date and its
district. The dashboard's figures and the drill-down list read the same source with the
same filters, so a figure and the list behind it cannot disagree. Each target costs
three queries whatever the number of rows.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tasks_kh_cn.councils.models import Expert
from tasks_kh_cn.models import CaseKind, District, TaskCase, TransitionLog
from workflows.lifecycle import Status

from .models import (
    AdvisoryUnit,
    OcopProduct,
    PlanTarget,
    Publicity,
    SurveyResponse,
    TrainingAttendance,
)
from .selectors import PLAN_EXPERTS

M = PlanTarget.Measure
NO_DISTRICT = "-"


@dataclass(frozen=True)
class Source:
    model: type
    date: str  # the path of the row's date (a DateField or a DateTimeField)
    org: str  # the path of the establishment the row is about
    key: str  # what is counted once: the establishment, or the case / the expert
    ref: str  # what the drill-down list shows for the row
    filter: Q = field(default_factory=Q)
    is_datetime: bool = False
    # What the rows count when it is not the target's unit (the survey's target is one
    # database; its rows are the enterprises that answered): no yearly target beside them.
    counted: str = ""

    def rows(self):
        return self.model.objects.filter(self.filter)


def _completed(kind):
    return Source(TransitionLog, "at", "case__host", "case__host_id" if kind ==
                  CaseKind.ENTERPRISE_SUPPORT else "case_id", "case__code",
                  Q(case__kind=kind, to_status=Status.COMPLETED), is_datetime=True)


# The OCOP share has no date: it is a state of the producers, shown by district only.
SOURCES = {
    M.ESTABLISHMENTS_TRAINED: Source(TrainingAttendance, "training_class__held_on", "organisation",
                                     "organisation_id", "training_class__title"),
    # A withdrawn or terminated case never reaches "completed": it is not counted as supported.
    M.ENTERPRISES_SUPPORTED: _completed(CaseKind.ENTERPRISE_SUPPORT),
    M.PILOT_MODELS_COMPLETED: _completed(CaseKind.PILOT_MODEL),
    M.ADVISORY_UNITS: Source(AdvisoryUnit, "recognised_on", "organisation", "organisation_id",
                             "organisation__name"),
    # The councils' registry (one registry): dated by the day the expert entered it.
    M.EXPERTS: Source(Expert, "created_at", "organisation", "id", "user__profile__full_name",
                      PLAN_EXPERTS, is_datetime=True),
    M.MODEL_ENTERPRISES_PUBLICISED: Source(Publicity, "published_on", "organisation",
                                           "organisation_id", "title"),
    M.SURVEY_ROUNDS: Source(SurveyResponse, "survey_round__closed_on", "organisation",
                            "organisation_id", "survey_round__title",
                            counted=gettext_lazy("doanh nghiệp đã trả lời khảo sát")),
}


def _bound(source, day: datetime.date):
    """The start of ``day`` as the source's date field understands it."""
    if source.is_datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return day


def _between(source, start: datetime.date | None, end: datetime.date) -> Q:
    """Rows dated from ``start`` to ``end`` inclusive (local days)."""
    q = Q(**{f"{source.date}__lt": _bound(source, end + datetime.timedelta(days=1))})
    if start:
        q &= Q(**{f"{source.date}__gte": _bound(source, start)})
    return q


def filtered(measure, as_of, *, year=None, district=None):
    """The rows behind a figure: up to ``as_of``, in ``year`` and ``district`` when given."""
    source = SOURCES[measure]
    start = datetime.date(year, 1, 1) if year else None
    end = min(as_of, datetime.date(year, 12, 31)) if year else as_of
    rows = source.rows().filter(_between(source, start, end))
    if district == NO_DISTRICT:
        rows = rows.filter(**{f"{source.org}__isnull": True})
    elif district:
        rows = rows.filter(**{f"{source.org}__district": district})
    return rows


@dataclass
class MeasureStats:
    measure: str
    label: str
    unit: str
    target: Decimal
    total: int = 0
    new_by_year: dict = field(default_factory=dict)  # first counted in that year
    in_year: dict = field(default_factory=dict)  # counted (again or not) in that year
    by_district: dict = field(default_factory=dict)
    drillable: bool = True
    counted: str = ""  # Source.counted

    def cumulative(self, years):
        running, out = 0, {}
        for year in years:
            running += self.new_by_year.get(year, 0)
            out[year] = running
        return out


def measure_stats(target: PlanTarget, as_of: datetime.date) -> MeasureStats:
    source = SOURCES[target.measure]
    stats = MeasureStats(target.measure, target.get_measure_display(), target.unit, target.target,
                         counted=str(source.counted))
    rows = filtered(target.measure, as_of)
    firsts = rows.values(k=F(source.key)).annotate(first=Min(source.date)).order_by().values_list(
        "first", flat=True)
    counter = Counter((timezone.localtime(d).year if source.is_datetime else d.year) for d in firsts)
    stats.new_by_year, stats.total = dict(counter), sum(counter.values())
    stats.in_year = {row["y"]: row["n"] for row in rows.values(y=ExtractYear(source.date))
                     .annotate(n=Count(source.key, distinct=True)).order_by()}
    stats.by_district = {row["d"] or NO_DISTRICT: row["n"] for row in rows.values(
        d=F(f"{source.org}__district")).annotate(n=Count(source.key, distinct=True)).order_by()}
    return stats


def ocop_stats(target: PlanTarget) -> MeasureStats:
    """OCOP and key products by their producer's district: the share with a declared standard."""
    stats = MeasureStats(target.measure, target.get_measure_display(), target.unit, target.target,
                         drillable=False)
    declared_total = {}
    for district, total, declared in OcopProduct.objects.values("producer__district").annotate(
            total=Count("id"), declared=Count("id", filter=Q(standard_declared=True))
    ).order_by().values_list("producer__district", "total", "declared"):
        declared_total[district] = (declared, total)
        stats.by_district[district] = _share(declared, total)
    declared = sum(d for d, _t in declared_total.values())
    total = sum(t for _d, t in declared_total.values())
    stats.total = _share(declared, total)
    return stats


def _share(declared, total) -> Decimal:
    if not total:
        return Decimal(0)
    return (Decimal(declared) * 100 / Decimal(total)).quantize(Decimal("0.1"))


def plan_years(as_of: datetime.date, targets) -> list[int]:
    first = min((t.period_start.year for t in targets), default=as_of.year)
    last = max([as_of.year] + [t.period_end.year for t in targets if t.period_end <= as_of])
    return list(range(first, min(last, as_of.year) + 1))


def plan_statistics(as_of: datetime.date) -> tuple[list[MeasureStats], list[int]]:
    targets = list(PlanTarget.objects.all())
    out = [ocop_stats(t) if t.measure == M.OCOP_STANDARD_SHARE else measure_stats(t, as_of)
           for t in targets]
    return out, plan_years(as_of, targets)


def year_target(target: Decimal, start: datetime.date, end: datetime.date, year: int) -> Decimal:
    """The share of the plan's target due by the end of ``year``, on a linear schedule."""
    year_end = datetime.date(year, 12, 31)
    if year_end >= end:
        return target
    if year_end < start:
        return Decimal(0)
    span = (end - start).days or 1
    return (target * Decimal((year_end - start).days + 1) / Decimal(span + 1)).quantize(Decimal("1"))


def district_names() -> dict:
    return {**dict(District.choices), NO_DISTRICT: "—"}


@dataclass
class FundingYear:
    year: int
    state: int  # VND: provincial S&T budget approved for the cases started that year
    enterprise: int  # VND: the enterprises' own funds (vốn đối ứng)

    @property
    def total(self) -> int:
        return self.state + self.enterprise


PLAN_KINDS = [CaseKind.ENTERPRISE_SUPPORT, CaseKind.PILOT_MODEL]


def funded_cases(as_of: datetime.date, year=None):
    """Plan 4: support and pilot cases with an approved budget, by the year their contract starts.

    A withdrawn, rejected or terminated case has no budget spent under the plan: not counted.
    """
    rows = TaskCase.objects.filter(kind__in=PLAN_KINDS, approved_budget__isnull=False,
                                   start_date__isnull=False, start_date__lte=as_of).exclude(
        status__in=[Status.WITHDRAWN, Status.REJECTED, Status.TERMINATED])
    if year:
        rows = rows.filter(start_date__year=year)
    return rows


def funding_by_year(as_of: datetime.date) -> list[FundingYear]:
    rows = funded_cases(as_of).values(y=ExtractYear("start_date")).annotate(
        state=Sum("approved_budget"), enterprise=Sum("co_funding")).order_by("y")
    return [FundingYear(r["y"], r["state"] or 0, r["enterprise"] or 0) for r in rows]
