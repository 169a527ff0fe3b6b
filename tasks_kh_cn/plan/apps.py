from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "tasks_kh_cn.plan"
    label = "plan"
    verbose_name = _("Chỉ tiêu Kế hoạch 2021–2025")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tasks_kh_cn.inbox import register

        from .inbox import PLAN_DEADLINES
        from .tasks import ensure_periodic_task

        register(PLAN_DEADLINES)
        post_migrate.connect(ensure_periodic_task, sender=self,
                             dispatch_uid="plan.ensure_periodic_task")
