"""Admin: the indicator set is data; steps are moved only through their FSM (read-only here)."""

from django.contrib import admin

from tasks_kh_cn.admin_audit import AuditedAdmin, NoDeleteMixin

from .models import Indicator, Measurement, Milestone, MilestoneEvidence


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["name", "unit", "direction", "is_active", "position"]
    list_filter = ["direction", "is_active"]
    search_fields = ["name", "name_en", "code"]


class EvidenceInline(admin.TabularInline):
    model = MilestoneEvidence
    extra = 0
    readonly_fields = ["document", "added_by", "added_at"]
    can_delete = False


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    readonly_fields = ["indicator", "value", "note", "measured_by", "measured_at"]
    can_delete = False


@admin.register(Milestone)
class MilestoneAdmin(NoDeleteMixin, AuditedAdmin):  # its evidence and measurements too
    list_display = ["case", "step", "status", "owner", "completed_at"]
    list_filter = ["status", "step"]
    list_select_related = ["case", "owner"]
    readonly_fields = ["case", "step", "status", "started_at", "completed_at", "recognised_by",
                       "decision_number", "decision_date"]
    inlines = [EvidenceInline, MeasurementInline]

    def has_add_permission(self, request):
        return False
