from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksKhCnConfig(AppConfig):
    name = "tasks_kh_cn"
    verbose_name = _("Nhiệm vụ KH&CN")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workflows.named_conditions import register_conditions

        from . import accounts, notices, receivers  # noqa: F401
        from .eligibility import LIFECYCLE_CONDITIONS
        from .inbox import CASE_DESKS, register

        register(CASE_DESKS)
        register_conditions(LIFECYCLE_CONDITIONS)
        from .services import files  # noqa: F401 - removes a rolled-back upload's file
