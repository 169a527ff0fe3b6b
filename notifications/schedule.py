"""The beat schedule as django-celery-beat rows, (re)created after every migrate."""

import json

from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

SWEEP = "notifications.tasks.sweep_reminders"
FIRE_TIMERS = "notifications.tasks.fire_timers"
DIGEST = "notifications.tasks.send_officer_digests"
RECOVER = "notifications.tasks.recover_outbox"


def ensure_periodic_tasks(**kwargs):
    every_5 = IntervalSchedule.objects.get_or_create(every=5, period=IntervalSchedule.MINUTES)[0]
    every_1 = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.MINUTES)[0]
    at_0730 = CrontabSchedule.objects.get_or_create(
        minute="30", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Asia/Ho_Chi_Minh",
    )[0]
    rows = [
        ("Quét nhắc hạn (5 phút)", SWEEP, {"interval": every_5}),
        ("Kích hoạt hẹn giờ quy trình (1 phút)", FIRE_TIMERS, {"interval": every_1}),
        # A killed worker's rows come back within NOTIFICATIONS_CLAIM_LEASE + 1 minute.
        ("Thu hồi và gửi lại thông báo (1 phút)", RECOVER, {"interval": every_1}),
        ("Bản tổng hợp hằng ngày cho chuyên viên (07:30)", DIGEST, {"crontab": at_0730}),
    ]
    for name, task, schedule in rows:
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": task, "args": json.dumps([]), "enabled": True,
                      "interval": schedule.get("interval"), "crontab": schedule.get("crontab")},
        )
