from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Quy trình")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once models are loaded: these modules read them (and setup.py reads auth's).
        from .conditions import LIFECYCLE_CONDITIONS
        from .named_conditions import register_conditions
        from .setup import ensure_roles

        register_conditions(LIFECYCLE_CONDITIONS)
        post_migrate.connect(ensure_roles, dispatch_uid="workflows.ensure_roles")
