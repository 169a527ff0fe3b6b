from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.admin_audit import AuditedAdmin

from . import models
from .publicity import AwardForm, PublicityForm
from .selectors import advisory_capacity
from .training import TrainingClassForm


class AttendanceInline(admin.TabularInline):
    model = models.TrainingAttendance
    raw_id_fields = ["organisation"]
    extra = 1


@admin.register(models.PlanTarget)
class PlanTargetAdmin(AuditedAdmin):
    list_display = ["measure", "target", "unit", "period_start", "period_end", "source"]


@admin.register(models.TrainingClass)
class TrainingClassAdmin(AuditedAdmin):
    form = TrainingClassForm
    list_display = ["title", "topic", "held_on", "location", "capacity"]
    list_filter = ["topic"]
    inlines = [AttendanceInline]


@admin.register(models.AdvisoryUnit)
class AdvisoryUnitAdmin(AuditedAdmin):
    """The unit's experts are the councils' registry (one registry): counted, not typed in."""

    list_display = ["organisation", "recognised_on", "can_consult", "can_certify", "can_train",
                    "experts"]

    def get_queryset(self, request):
        return advisory_capacity()

    @admin.display(description=_("số chuyên gia năng suất, chất lượng của đơn vị"))
    def experts(self, unit):
        return unit.experts


@admin.register(models.Publicity)
class PublicityAdmin(AuditedAdmin):
    form = PublicityForm  # the page's validation: the case belongs to the enterprise
    list_display = ["title", "organisation", "channel", "published_on", "case"]


class SurveyResponseInline(admin.TabularInline):
    model = models.SurveyResponse
    raw_id_fields = ["organisation"]
    extra = 1


@admin.register(models.SurveyRound)
class SurveyRoundAdmin(AuditedAdmin):
    list_display = ["title", "closed_on"]
    inlines = [SurveyResponseInline]


@admin.register(models.PlanMilestone)
class PlanMilestoneAdmin(AuditedAdmin):
    list_display = ["title", "due_on", "measure", "figure", "achieved_on", "source"]


@admin.register(models.ReportingRule)
class ReportingRuleAdmin(AuditedAdmin):
    list_display = ["effective_from", "before_day", "before_month", "legal_basis", "legal_article"]


@admin.register(models.YearlyReport)
class YearlyReportAdmin(AuditedAdmin):
    list_display = ["year", "officer_in_charge", "sent_on"]
    raw_id_fields = ["officer_in_charge", "deadline", "sent_by"]
    readonly_fields = ["deadline", "sent_on", "sent_by"]  # set by reporting.py services


@admin.register(models.OcopProduct)
class OcopProductAdmin(AuditedAdmin):
    list_display = ["name", "producer", "ocop_stars", "is_key_product", "standard_declared"]
    list_filter = ["standard_declared", "is_key_product", "ocop_stars"]
    raw_id_fields = ["producer"]
    search_fields = ["name", "producer__name", "producer__tax_code"]


@admin.register(models.QualityAward)
class QualityAwardAdmin(AuditedAdmin):
    form = AwardForm
    list_display = ["organisation", "year", "level", "decision"]
