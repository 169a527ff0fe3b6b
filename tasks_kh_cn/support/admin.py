"""Admin: the catalogue and the dated support levels are data an administrator maintains.

A policy already frozen on a request is read-only: a resolution adopted later is
entered as a new policy with its own number, date and effective date, so cases
already under way keep the levels they started with.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.admin_audit import AuditedAdmin, NoDeleteMixin

from .models import (
    SupportEvidence,
    SupportItem,
    SupportItemRequest,
    SupportLevel,
    SupportPolicy,
    SupportRequest,
    SupportYearlyCap,
)

DEFAULT_BADGE = _("MẶC ĐỊNH GIẢ ĐỊNH — chưa có nghị quyết HĐND tỉnh")


@admin.register(SupportItem)
class SupportItemAdmin(AuditedAdmin):
    list_display = ["name", "group", "requires_certificate", "requires_audit_report", "is_active"]
    list_filter = ["group", "is_active", "requires_certificate"]
    search_fields = ["name", "name_en", "code", "description"]
    prepopulated_fields = {"code": ["name"]}


class SupportLevelInline(admin.TabularInline):
    model = SupportLevel
    extra = 0
    autocomplete_fields = ["item"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_in_use

    has_add_permission = has_delete_permission = has_change_permission


class SupportYearlyCapInline(SupportLevelInline):
    model = SupportYearlyCap
    autocomplete_fields = []


@admin.register(SupportPolicy)
class SupportPolicyAdmin(AuditedAdmin):
    list_display = ["name", "resolution_number", "resolution_date", "effective_from",
                    "effective_to", "assumption_badge"]
    list_filter = ["is_default_assumption"]
    inlines = [SupportLevelInline, SupportYearlyCapInline]
    readonly_fields = ["assumption_badge"]

    class Media:
        # The badge's colour: a class, not a style attribute (CSP style-src 'self').
        css = {"all": ["tasks_kh_cn/admin/admin.css"]}

    @admin.display(description=_("nguồn số liệu"))
    def assumption_badge(self, obj):
        if obj.is_default_assumption:
            return format_html('<strong class="assumption-badge">{}</strong>', DEFAULT_BADGE)
        return _("Nghị quyết %(number)s") % {"number": obj.resolution_number or "—"}

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_in_use:
            return False
        return super().has_change_permission(request, obj)


class SupportItemRequestInline(admin.TabularInline):
    model = SupportItemRequest
    extra = 0
    fields = ["item", "cost_estimate", "requested_amount", "quotation", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupportRequest)
class SupportRequestAdmin(NoDeleteMixin, AuditedAdmin):
    list_display = ["case", "policy", "size_class", "approved_on"]
    list_select_related = ["case", "policy"]
    readonly_fields = ["case", "policy", "size_class", "approved_on", "created_at"]
    inlines = [SupportItemRequestInline]

    def has_add_permission(self, request):
        return False  # requests are opened by the enterprise through the service


@admin.register(SupportEvidence)
class SupportEvidenceAdmin(AuditedAdmin):
    list_display = ["item_request", "certificate_number", "valid_until", "maintenance_due_on",
                    "maintained"]
    list_filter = ["maintained"]
    date_hierarchy = "maintenance_due_on"
    list_select_related = ["item_request__item"]
    readonly_fields = ["recorded_by", "recorded_on", "maintenance_due_on"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "item_request":
            # Each option names its item (SupportItemRequest.__str__): read with the requests.
            field.queryset = field.queryset.select_related("item")
        return field
