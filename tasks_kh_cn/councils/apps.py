from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "tasks_kh_cn.councils"
    label = "councils"
    verbose_name = _("Hội đồng")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tasks_kh_cn.inbox import register

        from . import notices  # noqa: F401  (connect the notice receivers)
        from .inbox import COUNCIL_TASKS

        register(COUNCIL_TASKS)
