"""The figures of one year's report, gathered once for the DOCX, its XLSX annex and the page.

The report and the statistics dashboard read the same selectors (``plan_progress``,
``plan_statistics``, ``funding_by_year``) with the same date, so the report carries the
dashboard's figures.

The report is an official document to the Chairman of UBND tỉnh, so it is in Vietnamese
whatever the language of the page it is downloaded from, as the minutes, decisions and
issued documents are (README): its figures carry words (names, units, notes, statuses),
so they are gathered in ``REPORT_LANGUAGE`` too, not only the files' own labels.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone, translation

from .milestones import milestone_states
from .models import PlanTarget, TrainingClass, TrainingTopic
from .selectors import Progress, plan_progress
from .statistics import FundingYear, MeasureStats, funding_by_year, plan_statistics, year_target

M = PlanTarget.Measure
REPORT_LANGUAGE = "vi"


@dataclass
class YearRow:
    """One target in the year: done in the year, cumulative, and the share of the plan."""

    progress: Progress
    stats: MeasureStats
    in_year: object
    cumulative: object
    year_target: object


@dataclass
class YearlyFigures:
    year: int
    as_of: datetime.date
    rows: list[YearRow]
    years: list[int]
    funding: list[FundingYear]
    classes_by_topic: list[tuple[str, int]]
    milestones: list = field(default_factory=list)

    def row(self, measure) -> YearRow:
        return next(r for r in self.rows if r.progress.measure == measure)

    @property
    def funding_of_year(self) -> FundingYear:
        return next((f for f in self.funding if f.year == self.year), FundingYear(self.year, 0, 0))

    @property
    def behind(self) -> list[YearRow]:
        return [r for r in self.rows if r.progress.status == "behind"]


def report_as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """A past year is reported to its 31 December; the current year up to today."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def yearly_figures(year: int, as_of: datetime.date | None = None) -> YearlyFigures:
    """The year's figures with their words in ``REPORT_LANGUAGE``; the properties that word
    or format a figure on reading (``status_label``, ``target_display``) are read inside
    the builders' own ``translation.override(REPORT_LANGUAGE)``."""
    with translation.override(REPORT_LANGUAGE):
        return _yearly_figures(year, as_of or report_as_of(year))


def _yearly_figures(year: int, as_of: datetime.date) -> YearlyFigures:
    progress = {p.measure: p for p in plan_progress(as_of)}
    stats, years = plan_statistics(as_of)
    targets = {t.measure: t for t in PlanTarget.objects.all()}
    rows = []
    for s in stats:
        p, t = progress[s.measure], targets[s.measure]
        if s.drillable:
            in_year, cumulative = s.in_year.get(year, 0), s.cumulative(years).get(year, 0)
        else:  # the OCOP share is a state, not a count: the same figure for the year
            in_year = cumulative = s.total
        rows.append(YearRow(p, s, in_year, cumulative,
                            year_target(t.target, t.period_start, t.period_end, year)))
    topics = dict(TrainingTopic.choices)
    counts = dict(TrainingClass.objects.filter(held_on__year=year, held_on__lte=as_of).values(
        "topic").annotate(n=Count("id")).order_by().values_list("topic", "n"))
    return YearlyFigures(year, as_of, rows, years, funding_by_year(as_of),
                         [(str(label), counts.get(code, 0)) for code, label in topics.items()],
                         milestone_states(as_of))
