from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    """Public money of a task (TTLT 27/2015 art. 13): the advances and their settlement."""

    name = "tasks_kh_cn.funding"
    label = "funding"
    verbose_name = _("Kinh phí, tạm ứng và thanh toán")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from tasks_kh_cn.inbox import register
        from workflows.named_conditions import register_conditions

        from . import closing, monitoring, signing  # noqa: F401  (receivers of case transitions)
        from .conditions import LIFECYCLE_CONDITIONS
        from .inbox import (
            INSPECTION_CONFIRMATIONS,
            REFUNDS_DUE,
            REPORTS_TO_REVIEW,
            SETTLEMENTS_TO_REVIEW,
            SUSPENSION_PROPOSALS,
            TRANCHES_TO_CONFIRM,
        )
        from .schedule import ensure_periodic_tasks

        register_conditions(LIFECYCLE_CONDITIONS)
        register(TRANCHES_TO_CONFIRM)
        register(SETTLEMENTS_TO_REVIEW)
        register(REFUNDS_DUE)
        register(REPORTS_TO_REVIEW)
        register(SUSPENSION_PROPOSALS)
        register(INSPECTION_CONFIRMATIONS)
        post_migrate.connect(ensure_periodic_tasks, sender=self,
                             dispatch_uid="funding.ensure_periodic_tasks")
