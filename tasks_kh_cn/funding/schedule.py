"""The daily beat row of this app (re-created after every migrate)."""

import json

LIFT = "funding.tasks.lift_ended_restrictions"
MONITOR = "funding.tasks.sweep_monitoring"


def ensure_periodic_tasks(**kwargs):
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    at_0005 = CrontabSchedule.objects.get_or_create(
        minute="5", hour="0", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Asia/Ho_Chi_Minh")[0]
    PeriodicTask.objects.update_or_create(
        name="Hết thời hạn hạn chế tham gia (00:05)",
        defaults={"task": LIFT, "args": json.dumps([]), "enabled": True, "crontab": at_0005,
                  "interval": None})
    at_0010 = CrontabSchedule.objects.get_or_create(
        minute="10", hour="0", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Asia/Ho_Chi_Minh")[0]
    PeriodicTask.objects.update_or_create(
        name="Kỳ báo cáo định kỳ, đề xuất tạm dừng (00:10)",
        defaults={"task": MONITOR, "args": json.dumps([]), "enabled": True, "crontab": at_0010,
                  "interval": None})
