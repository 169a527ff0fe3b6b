from django.contrib import admin

from tasks_kh_cn.admin_audit import AuditedAdmin, NoDeleteMixin
from tasks_kh_cn.admin_versions import VersionedRuleAdmin

from .models import ChangeRequest, ChangeRule


@admin.register(ChangeRule)
class ChangeRuleAdmin(VersionedRuleAdmin, AuditedAdmin):
    list_display = ["rule_set", "effective_from", "long_task_months", "max_extension_long",
                    "max_extension_short", "max_extensions", "decision_days", "legal_article",
                    "is_default_assumption"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(NoDeleteMixin, AuditedAdmin):
    list_display = ["case", "kind", "status", "extension_months", "requested_at", "decided_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["case", "requested_by", "decided_by"]
    readonly_fields = ["status"]

    def has_add_permission(self, request):
        return False  # requests are made by the host through the service, with its checks
