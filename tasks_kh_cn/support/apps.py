from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """Enterprise support under TT 35/2021/TT-BTC (Programme 1322), plan section 3.3."""

    name = "tasks_kh_cn.support"
    label = "support"
    verbose_name = _("Hỗ trợ doanh nghiệp (TT 35/2021)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workflows.named_conditions import register_conditions

        from . import receivers  # noqa: F401
        from .conditions import LIFECYCLE_CONDITIONS

        register_conditions(LIFECYCLE_CONDITIONS)
