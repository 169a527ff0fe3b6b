"""Administration: the calendar exceptions, deadline rules, reminder policy and the delivery log."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks_kh_cn.admin_audit import AuditedAdmin, NoDeleteMixin
from tasks_kh_cn.admin_versions import VersionedRuleAdmin

from .models import (
    Attempt,
    CalendarDay,
    ChannelPreference,
    Deadline,
    DeadlineRule,
    Notice,
    NoticeEvent,
    Occurrence,
    Outbox,
    ReminderPolicy,
    ReminderStep,
)
from .services.resend import resend
from .services.sweep import BrokerUnavailable


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "kind", "reason"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(VersionedRuleAdmin, AuditedAdmin):
    list_display = ["code", "title", "rule_set", "effective_from", "trigger", "amount", "unit",
                    "owed_by", "legal_basis", "legal_article", "is_default_assumption"]
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
    list_display = ["user", "email_enabled", "sms_enabled", "digest_enabled", "quiet_start",
                    "quiet_end"]
    raw_id_fields = ["user"]
    filter_horizontal = ["muted_events"]


@admin.register(NoticeEvent)
class NoticeEventAdmin(NoDeleteMixin, AuditedAdmin):
    """The notice table: event → who is told → channels → words. Switch a row off rather
    than delete it: notices already sent point at it."""

    list_display = ["code", "name", "is_active", "to_host", "to_officer", "to_approvers",
                    "to_finance", "to_leads", "to_addressees", "in_app", "email", "sms"]
    list_filter = ["is_active", "sms", "email"]
    list_editable = ["is_active"]
    search_fields = ["code", "name", "subject_vi", "subject_en"]
    readonly_fields = ["code", "updated_at"]
    fieldsets = [
        (None, {"fields": ["code", "name", "name_en", "is_active", "updated_at"]}),
        (gettext_lazy("Người nhận"), {"fields": ["to_host", "to_officer", "to_approvers",
                                                  "to_finance", "to_leads", "to_addressees"]}),
        (gettext_lazy("Kênh"), {"fields": ["in_app", "email", "sms"]}),
        (gettext_lazy("Nội dung"), {"fields": ["subject_vi", "body_vi", "subject_en", "body_en",
                                               "sms_text"]}),
    ]

    def has_add_permission(self, request):
        return False  # events are the code's; their words and audiences are the admin's


class ReadOnlyAdmin(NoDeleteMixin, AuditedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Occurrence)
class OccurrenceAdmin(ReadOnlyAdmin):
    list_display = ["id", "event", "key", "case", "created_at", "fanned_out_at"]
    list_filter = ["event"]
    list_select_related = ["event", "case"]
    search_fields = ["key", "case__code"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["id", "event", "recipient", "case", "subject_vi", "created_at", "read_at"]
    list_filter = ["event", "in_app"]
    list_select_related = ["event", "recipient", "case"]
    search_fields = ["subject_vi", "case__code", "recipient__username"]


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    readonly_fields = ["number", "outcome", "detail", "at"]


@admin.register(Outbox)
class OutboxAdmin(NoDeleteMixin, AuditedAdmin):
    """The delivery log is read-only: rows are written by the sweep and the senders.

    The one thing an administrator may do is send a failed or given-up row again,
    through the same service as everywhere (``services.resend``), on the same row.
    """

    list_display = ["id", "step", "channel", "address", "status", "attempts", "sent_at",
                    "delivered_at", "next_retry_at", "resent_by", "resent_at"]
    list_filter = ["status", "channel", "step", "escalation"]
    list_select_related = ["recipient", "resent_by"]
    search_fields = ["address", "provider_message_id"]
    inlines = [AttemptInline]
    actions = ["send_again"]

    def has_resend_permission(self, request):
        # Changing a row stays impossible; re-queueing it is the change permission's one use.
        return request.user.has_perm("notifications.change_outbox")

    @admin.action(description=gettext_lazy("Gửi lại thông báo đã chọn (thất bại hoặc đã ngừng)"),
                  permissions=["resend"])
    def send_again(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        try:
            done = resend(outbox_ids=ids, by=request.user)
        except BrokerUnavailable:
            self.message_user(request, _("Không kết nối được hàng đợi; thông báo sẽ được gửi ở "
                                         "lần quét kế tiếp."), messages.WARNING)
            return
        # Also in the admin's own history of each row (who, when), beside resent_by/resent_at.
        for row in Outbox.objects.filter(pk__in=done):
            self.log_change(request, row, "Gửi lại (resend)")
        skipped = len(ids) - len(done)
        self.message_user(request, _("Đã đưa %(n)s thông báo vào hàng đợi gửi lại.")
                          % {"n": len(done)}, messages.SUCCESS)
        if skipped:
            self.message_user(request, _("Bỏ qua %(n)s thông báo không ở trạng thái thất bại "
                                         "hoặc đã ngừng.") % {"n": skipped}, messages.WARNING)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
