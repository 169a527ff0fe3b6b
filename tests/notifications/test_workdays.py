"""The working-day calendar across Tết 2026 and Tết 2027, with the administrator's days."""

import datetime

import pytest

from notifications.models import CalendarDay, DayKind
from notifications.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date
pytestmark = pytest.mark.django_db


def test_tet_2026_is_five_weekdays_off():
    # Tết Bính Ngọ: 16–20/02/2026 (Mon–Fri) off, framed by two weekends.
    for day in range(16, 21):
        assert not is_working_day(D(2026, 2, day))
    assert is_working_day(D(2026, 2, 13))
    assert is_working_day(D(2026, 2, 23))


def test_three_working_days_across_tet_2026():
    # A dossier received Friday 13/02/2026: TT 11/2014's 3-wd validity check ends 25/02.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert add_working_days(D(2026, 2, 13), 3) == D(2026, 2, 25)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 25)) == 3


def test_tet_2027_includes_the_extra_days():
    # Tết Đinh Mùi: 04–10/02/2027 off (the 29th and the 5th day included).
    off = [D(2027, 2, d) for d in (4, 5, 8, 9, 10)]
    assert not any(is_working_day(day) for day in off)
    assert add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)
    assert working_days_between(D(2027, 2, 1), D(2027, 2, 12)) == 4  # 2, 3, 11 and 12 February


def test_make_up_saturday_from_the_government_is_a_working_day():
    # 2026: Monday 31/08 off, compensated by working Saturday 22/08.
    assert is_working_day(D(2026, 8, 22))
    assert not is_working_day(D(2026, 8, 31))
    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)


def test_administrator_days_override_the_statutory_calendar():
    # The province adds Thursday 11/02/2027 off and a make-up Saturday 20/02/2027.
    CalendarDay.objects.create(date=D(2027, 2, 11), kind=DayKind.DAY_OFF,
                               reason="Nghỉ bù Tết theo quyết định của UBND tỉnh")
    CalendarDay.objects.create(date=D(2027, 2, 20), kind=DayKind.WORKING_DAY,
                               reason="Làm bù cho ngày 11/02/2027")
    assert not is_working_day(D(2027, 2, 11))
    assert is_working_day(D(2027, 2, 20))
    assert add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 12)
    assert add_working_days(D(2027, 2, 12), 1) == D(2027, 2, 15)
    assert add_working_days(D(2027, 2, 19), 1) == D(2027, 2, 20)


def test_negative_and_weekend_counts():
    assert add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)
    assert working_days_between(D(2026, 2, 25), D(2026, 2, 13)) == -3
    assert not is_working_day(D(2026, 3, 7))  # a Saturday
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 9)) == 1
