"""Admin: catalogues and people are edited here; a case's status only moves through transitions.

History and document versions are evidence, so they are read-only (append-only by design).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin

from .admin_audit import AuditedAdmin
from .admin_versions import MoveRuleVersionForm, VersionedRuleAdmin, move_rule_version
from .models import (
    Call,
    CaseCodeCounter,
    Delegation,
    Document,
    DocumentVersion,
    Membership,
    Organisation,
    Profile,
    RequiredDocument,
    RuleFigure,
    RuleSet,
    TaskCase,
    TransitionLog,
)
from .people import person_name
from .services.organisations import _ensure_group


class ReadOnlyAdmin(AuditedAdmin):
    """Viewable, never added, changed or deleted from the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "tax_code", "size_class", "district", "is_ocop_producer",
                    "restricted_from_calls"]
    list_filter = ["kind", "size_class", "district", "is_ocop_producer", "makes_key_product",
                   "restricted_from_calls"]
    search_fields = ["name", "short_name", "tax_code"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _ensure_group(obj)  # members' object permissions hang off this group


@admin.register(Profile)
class ProfileAdmin(AuditedAdmin):
    list_display = ["full_name", "user", "mobile", "position"]
    search_fields = ["full_name", "user__username", "mobile"]
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["person", "organisation", "role"]
    list_filter = ["role"]
    # What the person column and __str__ read, in the list's one query.
    list_select_related = ["user__profile", "organisation"]
    search_fields = ["user__username", "user__profile__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    @admin.display(description=_("người dùng"), ordering="user__username")
    def person(self, membership):
        return person_name(membership.user)


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(AuditedAdmin):
    list_display = ["code", "name", "effective_from", "effective_to"]
    search_fields = ["code", "name"]
    inlines = [RequiredDocumentInline]


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(AuditedAdmin):
    list_display = ["rule_set", "stage", "case_kind", "document_kind", "legal_basis"]
    list_filter = ["rule_set", "stage", "case_kind"]


@admin.register(Call)
class CallAdmin(AuditedAdmin):
    list_display = ["code", "title", "kind", "opens_at", "closes_at"]
    list_filter = ["kind"]
    search_fields = ["code", "title"]


class TransitionLogInline(ReadOnlyInline):
    model = TransitionLog
    fields = ["at", "transition", "from_status", "to_status", "actor", "comment"]
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["kind", "title", "current_version"]
    readonly_fields = fields


@admin.register(TaskCase)
class TaskCaseAdmin(GuardedModelAdminMixin, AuditedAdmin):
    """Cases are created by proposals (web/API) and move only through transitions."""

    list_display = ["code", "title", "kind", "status", "host", "assigned_officer", "created_at"]
    list_filter = ["kind", "status", "rule_set"]
    search_fields = ["code", "title", "host__name", "host__tax_code"]
    list_select_related = ["host", "assigned_officer"]
    # What the transitions record (decisions, budgets, dates) is read-only too: it changes
    # only with a transition, which leaves its trace in the history.
    readonly_fields = ["code", "status", "phase_label", "rule_set", "created_by", "created_at",
                       "updated_at", "assigned_officer", "appraised_budget", "approved_budget",
                       "first_advance", "settled_amount", "lump_sum_mode", "duration_months",
                       "start_date", "end_date", "listing_decision", "approval_decision",
                       "contract_number", "acceptance_rating", "recognition_decision",
                       "submitted_at", "acceptance_submitted_at", "rules_as_of"]
    autocomplete_fields = ["host", "proposer", "leader", "call"]
    inlines = [DocumentInline, TransitionLogInline]
    # The rule version moves only through the service, with a reason in the history.
    action_form = MoveRuleVersionForm
    actions = [move_rule_version]

    @admin.display(description=_("giai đoạn"))
    def phase_label(self, obj):
        return obj.get_phase_display()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a case and its history are records; end it with a transition instead


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "title", "current_version"]
    list_filter = ["kind"]
    search_fields = ["case__code", "title"]
    list_select_related = ["case", "current_version"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["document", "number", "original_name", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["document__case__code", "original_name", "sha256"]
    list_select_related = ["document__case", "uploaded_by"]
    # The stored name would be shown as a /media/ link, which the site does not serve: the file
    # is reached through the case's permission-checked download view instead.
    exclude = ["file"]
    readonly_fields = ["download"]

    @admin.display(description=_("tải về"))
    def download(self, obj):
        url = reverse("web:document-download", args=[obj.document.case_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ["case", "transition", "from_status", "to_status", "actor", "on_behalf_of",
                    "at"]
    list_filter = ["transition", "to_status"]
    search_fields = ["case__code", "comment"]
    list_select_related = ["case", "actor"]
    date_hierarchy = "at"


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    """Laid and revoked on the delegation page or the API (one validation path)."""

    list_display = ["principal", "delegate", "starts_on", "ends_on", "reason", "revoked_at"]
    list_select_related = ["principal", "delegate"]
    date_hierarchy = "starts_on"


@admin.register(CaseCodeCounter)
class CaseCodeCounterAdmin(ReadOnlyAdmin):
    list_display = ["year", "last"]


class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Django's user admin, logging who changed a person's roles or activity, old → new."""


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AuditedUserAdmin)


@admin.register(RuleFigure)
class RuleFigureAdmin(VersionedRuleAdmin, AuditedAdmin):
    list_display = ["code", "label", "rule_set", "effective_from", "value", "legal_basis",
                    "legal_article", "is_default_assumption"]
    list_filter = ["rule_set", "code", "is_default_assumption"]
