from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "tasks_kh_cn.changes"
    label = "changes"
    verbose_name = _("Gia hạn, điều chỉnh nhiệm vụ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tasks_kh_cn.inbox import register

        from .inbox import CHANGE_REQUESTS

        register(CHANGE_REQUESTS)
