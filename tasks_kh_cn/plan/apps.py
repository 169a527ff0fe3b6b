from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "tasks_kh_cn.plan"
    label = "plan"
    verbose_name = _("Chỉ tiêu Kế hoạch 2021–2025")
    default_auto_field = "django.db.models.BigAutoField"
