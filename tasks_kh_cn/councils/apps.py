from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "tasks_kh_cn.councils"
    label = "councils"
    verbose_name = _("Hội đồng")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tasks_kh_cn.inbox import register
        from workflows.named_conditions import register_conditions

        from . import notices  # noqa: F401  (connect the notice receivers)
        from .conditions import LIFECYCLE_CONDITIONS
        from .inbox import COUNCIL_TASKS

        register(COUNCIL_TASKS)
        register_conditions(LIFECYCLE_CONDITIONS)
