"""Administration: the calendar exceptions, deadline rules, reminder policy and the delivery log."""

from django.contrib import admin

from tasks_kh_cn.admin_audit import AuditedAdmin, NoDeleteMixin

from .models import (
    Attempt,
    CalendarDay,
    ChannelPreference,
    Deadline,
    DeadlineRule,
    Outbox,
    ReminderPolicy,
    ReminderStep,
)


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "kind", "reason"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin):
    list_display = ["code", "title", "rule_set", "trigger", "amount", "unit", "owed_by",
                    "legal_basis", "is_default_assumption"]
    list_filter = ["rule_set", "unit", "owed_by", "is_default_assumption"]
    search_fields = ["code", "title", "legal_basis"]


@admin.register(Deadline)
class DeadlineAdmin(NoDeleteMixin, AuditedAdmin):  # closed or waived, never erased
    list_display = ["title", "case", "owed_by_role", "owed_by_user", "due_at", "status"]
    list_filter = ["status", "owed_by_role", "code"]
    list_select_related = ["case", "owed_by_user"]
    raw_id_fields = ["case", "owed_by_user", "depends_on", "extended_by", "rule"]
    readonly_fields = ["status"]  # changes only through the deadline services
    search_fields = ["case__code", "title"]


class ReminderStepInline(admin.TabularInline):
    model = ReminderStep
    extra = 0


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(AuditedAdmin):
    list_display = ["name", "is_active", "send_time", "quiet_start", "quiet_end", "digest_time"]
    inlines = [ReminderStepInline]


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(AuditedAdmin):
    list_display = ["user", "email_enabled", "sms_enabled", "digest_enabled"]
    raw_id_fields = ["user"]


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    readonly_fields = ["number", "outcome", "detail", "at"]


@admin.register(Outbox)
class OutboxAdmin(NoDeleteMixin, AuditedAdmin):
    """The delivery log is read-only: rows are written by the sweep and the senders."""

    list_display = ["id", "step", "channel", "address", "status", "attempts", "sent_at",
                    "delivered_at"]
    list_filter = ["status", "channel", "step", "escalation"]
    list_select_related = ["recipient"]
    search_fields = ["address", "provider_message_id"]
    inlines = [AttemptInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
