from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    """Pilot models (mô hình điểm), plan section 3.4: six steps in order."""

    name = "tasks_kh_cn.pilots"
    label = "pilots"
    verbose_name = _("Mô hình điểm")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workflows.named_conditions import register_conditions

        from . import receivers  # noqa: F401
        from .conditions import LIFECYCLE_CONDITIONS

        register_conditions(LIFECYCLE_CONDITIONS)
