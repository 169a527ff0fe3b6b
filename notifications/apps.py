from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Thông báo, nhắc hạn")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tasks_kh_cn.inbox import register
        from workflows import council_deadlines, deadlines  # noqa: F401  (connect receivers)

        from .inbox import OWED_DEADLINES

        register(OWED_DEADLINES)

        deadlines.connect_optional_signals()

        from .models import DeadlineRule

        # An administrator edited the rules: this process reads them afresh.
        for signal in (post_save, post_delete):
            signal.connect(deadlines.forget_rules, sender=DeadlineRule,
                           dispatch_uid=f"notifications.forget_rules.{signal}")
        post_migrate.connect(deadlines.forget_rules, dispatch_uid="notifications.forget_rules")

        from . import workdays
        from .models import CalendarDay

        # An administrator edited the calendar: this process reads it afresh.
        for signal in (post_save, post_delete):
            signal.connect(workdays.forget_admin_days, sender=CalendarDay,
                           dispatch_uid=f"notifications.forget_admin_days.{signal}")
        post_migrate.connect(workdays.forget_admin_days,
                             dispatch_uid="notifications.forget_admin_days")

        from .schedule import ensure_periodic_tasks

        post_migrate.connect(ensure_periodic_tasks, sender=self,
                             dispatch_uid="notifications.ensure_periodic_tasks")
