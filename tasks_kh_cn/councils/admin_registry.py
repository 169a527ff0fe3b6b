"""Admin for the experts registry, the meeting rules, meetings and published results.

The registry is kept here by the department (fields of expertise, experts, conflicts known
outside councils). Meeting rules are dated rule rows: a change is a NEW row with its own
``effective_from``, never an edit in place (a meeting copies the row it was scheduled
under). Meetings move only through ``services.meetings``; published results are copies
the public page shows for their minimum time.
"""

from django.contrib import admin

from tasks_kh_cn.admin_audit import AuditedAdmin, NoDeleteMixin

from .models import (
    Expert,
    ExpertConflict,
    ExpertiseField,
    Meeting,
    MeetingRule,
    PublishedResult,
    SiteTeam,
)


@admin.register(ExpertiseField)
class ExpertiseFieldAdmin(AuditedAdmin):
    list_display = ["name", "code", "productivity_quality"]
    list_filter = ["productivity_quality"]
    search_fields = ["name", "code"]


class ConflictInline(admin.TabularInline):
    model = ExpertConflict
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Expert)
class ExpertAdmin(NoDeleteMixin, AuditedAdmin):
    list_display = ["__str__", "degree", "academic_rank", "organisation", "active"]
    list_filter = ["active", "degree", "fields"]
    search_fields = ["user__username", "user__first_name", "user__last_name",
                     "user__profile__full_name", "fields__name"]
    autocomplete_fields = ["user", "organisation"]
    filter_horizontal = ["fields"]
    inlines = [ConflictInline]


@admin.register(MeetingRule)
class MeetingRuleAdmin(NoDeleteMixin, AuditedAdmin):
    list_display = ["council_type", "rule_set", "effective_from", "papers_working_days",
                    "decision_days", "publish_within_days", "publish_keep_days"]
    list_filter = ["council_type", "rule_set"]

    def has_change_permission(self, request, obj=None):
        # A new version is a new row: an existing one is shown, never edited.
        return obj is None and super().has_change_permission(request, obj)


@admin.register(Meeting)
class MeetingAdmin(NoDeleteMixin, AuditedAdmin):
    list_display = ["__str__", "round", "papers_due", "decision_due", "attendance_recorded_at"]
    readonly_fields = [f.name for f in Meeting._meta.fields]

    def has_add_permission(self, request):
        return False  # scheduled through services.meetings.schedule_meeting

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)


@admin.register(PublishedResult)
class PublishedResultAdmin(NoDeleteMixin, AuditedAdmin):
    list_display = ["task_name", "host_name", "result", "decision_number", "published_at",
                    "keep_until"]
    readonly_fields = [f.name for f in PublishedResult._meta.fields]

    def has_add_permission(self, request):
        return False  # published by services.decisions.decide


@admin.register(SiteTeam)
class SiteTeamAdmin(NoDeleteMixin, AuditedAdmin):
    list_display = ["council", "visit_on", "report_due", "reported_at"]
    readonly_fields = [f.name for f in SiteTeam._meta.fields]

    def has_add_permission(self, request):
        return False  # formed through services.site_teams.form_site_team
