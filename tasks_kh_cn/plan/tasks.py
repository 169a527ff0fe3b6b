"""The yearly report's deadline opens by itself each year (plan 5.1), on the officer in charge."""

import json

from celery import shared_task
from django.utils import timezone

from .models import YearlyReport
from .reporting import default_officer, open_yearly_report

OPEN_YEARLY_REPORT = "tasks_kh_cn.plan.tasks.open_yearly_report_deadline"


@shared_task(name=OPEN_YEARLY_REPORT)
def open_yearly_report_deadline(year=None):
    """Idempotent: the year's deadline is created once, on last year's officer (or the first
    active officer when nobody was ever put in charge); the leadership can reassign it."""
    year = year or timezone.localdate().year
    if YearlyReport.objects.filter(year=year, deadline__isnull=False).exists():
        return "exists"
    last = YearlyReport.objects.filter(year__lt=year).order_by("-year").first()
    officer = last.officer_in_charge if last else default_officer()
    if officer is None:
        return "no officer"
    open_yearly_report(year=year, officer=officer)
    return "opened"


def ensure_periodic_task(**kwargs):
    """Every day at 06:00: cheap, and a server down on 1 January still opens the deadline."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    at_0600 = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Asia/Ho_Chi_Minh")[0]
    PeriodicTask.objects.update_or_create(
        name="Mở thời hạn báo cáo năm của Kế hoạch (06:00)",
        defaults={"task": OPEN_YEARLY_REPORT, "args": json.dumps([]), "enabled": True,
                  "crontab": at_0600, "interval": None})
