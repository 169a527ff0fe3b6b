from django.contrib import admin

from tasks_kh_cn.admin_audit import AuditedAdmin, NoDeleteMixin

from .models import FundingRule, Tranche, TrancheSettlement


@admin.register(FundingRule)
class FundingRuleAdmin(AuditedAdmin):
    list_display = ["rule_set", "code", "numerator", "denominator", "legal_basis",
                    "legal_article", "is_default_assumption"]
    list_filter = ["rule_set", "code"]


class ReadOnlyLedgerAdmin(NoDeleteMixin, AuditedAdmin):
    """Advances and settlements move only through the services (their rules and deadlines)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Tranche)
class TrancheAdmin(ReadOnlyLedgerAdmin):
    list_display = ["case", "number", "amount", "status", "requested_at", "paid_on"]
    list_filter = ["status"]
    raw_id_fields = ["case"]


@admin.register(TrancheSettlement)
class TrancheSettlementAdmin(ReadOnlyLedgerAdmin):
    list_display = ["tranche", "amount", "status", "recorded_at", "reviewed_at"]
    list_filter = ["status"]
