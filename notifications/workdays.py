"""The Vietnamese working-day calendar.

Working days skip weekends and public holidays, lunar Tết included (Bộ luật Lao
động 2019 art. 112, via the ``holidays`` package, which also knows the Saturdays
the government moves to compensate a bridge day off). An administrator adds the
rest per year as ``CalendarDay`` rows: extra days off the province grants and
make-up working days. An administrator's row always wins.
"""

import datetime
import time
from functools import lru_cache

import holidays

from .models import CalendarDay, DayKind


@lru_cache(maxsize=64)
def _statutory(year: int) -> tuple[frozenset, frozenset]:
    """(public holidays, weekend days worked instead) of one year, from `holidays`."""
    calendar = holidays.country_holidays("VN", years=year)
    days_off = frozenset(day for day in calendar if day.year == year)
    weekend_workdays = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return days_off, weekend_workdays


_ADMIN_DAYS_TTL_SECONDS = 60
_admin_days_cache: dict[frozenset, tuple[float, list[tuple[datetime.date, str]]]] = {}


def _admin_days(years: frozenset) -> list[tuple[datetime.date, str]]:
    """The administrator's (date, kind) rows for ``years``, read at most once a minute.

    Every transition that opens a working-day deadline asks. The rows change only when an
    administrator edits the calendar: this process forgets them at once (signals connected
    in the app config), other processes within a minute.
    """
    cached = _admin_days_cache.get(years)
    if cached is None or time.monotonic() - cached[0] > _ADMIN_DAYS_TTL_SECONDS:
        rows = list(CalendarDay.objects.filter(date__year__in=years).values_list("date", "kind"))
        cached = _admin_days_cache[years] = (time.monotonic(), rows)
    return cached[1]


def forget_admin_days(**kwargs) -> None:
    _admin_days_cache.clear()


class WorkingCalendar:
    """A calendar loaded once for a span of years: one query for the administrator's days."""

    def __init__(self, years):
        self.years = set(years)
        self.days_off: set[datetime.date] = set()
        self.working_weekend: set[datetime.date] = set()
        for year in self.years:
            off, worked = _statutory(year)
            self.days_off |= off
            self.working_weekend |= worked
        for date, kind in _admin_days(frozenset(self.years)):
            if kind == DayKind.DAY_OFF:
                self.days_off.add(date)
                self.working_weekend.discard(date)
            else:
                self.working_weekend.add(date)
                self.days_off.discard(date)

    def _ensure(self, day: datetime.date):
        if day.year not in self.years:
            self.__init__(self.years | {day.year})

    def is_working_day(self, day: datetime.date) -> bool:
        self._ensure(day)
        if day in self.working_weekend:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The date ``days`` working days after ``start`` (before it when negative).

        ``start`` itself is not counted: a 3-working-day limit from a Friday dossier
        ends on the Wednesday after (TT 11/2014 counts from receipt).
        """
        step = 1 if days >= 0 else -1
        remaining = abs(days)
        day = start
        while remaining:
            day += datetime.timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def _calendar_for(*days) -> WorkingCalendar:
    years = {d.year for d in days}
    return WorkingCalendar(years | {max(years) + 1})


def is_working_day(day: datetime.date) -> bool:
    return _calendar_for(day).is_working_day(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    return _calendar_for(start).add_working_days(start, days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return _calendar_for(start, end).working_days_between(start, end)
