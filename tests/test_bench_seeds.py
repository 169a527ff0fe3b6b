"""The benches' seeds, run small on the test database.

They write with COPY and INSERT … SELECT, naming columns, so a new NOT NULL column breaks them
without a test to say so: ``notifications_deadline.title_en`` (2026-12-07) made
``bench/pages.py`` and ``bench/reminders.py`` fail at the seed until the next person ran them.
"""

import datetime
import importlib
import os

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import Deadline
from tasks_kh_cn.models import TaskCase, TransitionLog


def bench_module(name):
    """``bench.<name>``, imported without keeping what it sets in os.environ for its own run
    (the production settings, a broker): later tests' subprocesses would inherit it."""
    saved = dict(os.environ)
    try:
        return importlib.import_module(f"bench.{name}")
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.mark.django_db(transaction=True)
def test_the_page_bench_seeds_cases_history_and_deadlines(postgres_only):
    world = bench_module("pages").seed(n_cases=40, n_history=60, n_deadlines=50)
    assert TaskCase.objects.filter(code__startswith="BN-").count() == 40
    assert TransitionLog.objects.filter(case__code__startswith="BN-").count() == 60
    seeded = Deadline.objects.filter(case__code__startswith="BN-")
    assert seeded.count() == 50
    assert set(seeded.values_list("title", "title_en")) == {("Báo cáo định kỳ", "Periodic report")}
    assert world["case"].title == "Đề tài mẫu để đo trang"
    assert world["officer"].profile.full_name == "Chuyên viên 1"


@pytest.mark.django_db(transaction=True)
def test_the_reminder_bench_seeds_owed_deadlines(postgres_only):
    today = timezone.localdate()
    due_on = today + datetime.timedelta(days=3)
    bench_module("reminders").seed(connection, 30, 5, due_on, today)
    seeded = Deadline.objects.filter(case__code__startswith="BENCH-")
    assert seeded.count() == 30
    assert seeded.filter(due_on=due_on, owed_by_user__profile__mobile__startswith="09").count() == 5
    assert set(seeded.values_list("title_en", flat=True)) == {"Periodic report (6 months)"}
