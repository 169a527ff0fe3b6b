from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    """Public money of a task (TTLT 27/2015 art. 13): the advances and their settlement."""

    name = "tasks_kh_cn.funding"
    label = "funding"
    verbose_name = _("Kinh phí, tạm ứng và thanh toán")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tasks_kh_cn.inbox import register

        from . import signing  # noqa: F401  (issues documents on transitions)
        from .inbox import SETTLEMENTS_TO_REVIEW, TRANCHES_TO_CONFIRM

        register(TRANCHES_TO_CONFIRM)
        register(SETTLEMENTS_TO_REVIEW)
