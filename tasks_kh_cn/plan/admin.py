from django.contrib import admin

from tasks_kh_cn.admin_audit import AuditedAdmin

from . import models


class AttendanceInline(admin.TabularInline):
    model = models.TrainingAttendance
    raw_id_fields = ["organisation"]
    extra = 1


@admin.register(models.PlanTarget)
class PlanTargetAdmin(AuditedAdmin):
    list_display = ["measure", "target", "unit", "period_start", "period_end", "source"]


@admin.register(models.TrainingClass)
class TrainingClassAdmin(AuditedAdmin):
    list_display = ["title", "topic", "held_on", "location"]
    list_filter = ["topic"]
    inlines = [AttendanceInline]


@admin.register(models.Expert)
class ExpertAdmin(AuditedAdmin):
    list_display = ["full_name", "organisation", "fields", "qualified_on", "active"]
    list_filter = ["active"]


@admin.register(models.AdvisoryUnit)
class AdvisoryUnitAdmin(AuditedAdmin):
    list_display = ["organisation", "recognised_on"]


@admin.register(models.Publicity)
class PublicityAdmin(AuditedAdmin):
    list_display = ["title", "organisation", "channel", "published_on"]


class SurveyResponseInline(admin.TabularInline):
    model = models.SurveyResponse
    raw_id_fields = ["organisation"]
    extra = 1


@admin.register(models.SurveyRound)
class SurveyRoundAdmin(AuditedAdmin):
    list_display = ["title", "closed_on"]
    inlines = [SurveyResponseInline]
