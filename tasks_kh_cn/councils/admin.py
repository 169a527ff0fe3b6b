"""Admin for council rules (data), councils, members, ballots and outcomes.

Status fields are read-only here: councils move only through their services. Councils, their
ballots and outcomes are records of a decision: never deleted here (a deleted ballot would
change a decided outcome after the fact).
"""

from django.contrib import admin
from django.db.models import F, Q
from guardian.admin import GuardedModelAdmin

from tasks_kh_cn.admin_audit import AuditedAdmin, NoDeleteMixin
from tasks_kh_cn.admin_versions import VersionedRuleAdmin

from .models import (
    Ballot,
    BallotItem,
    CasePartner,
    Council,
    CouncilDossier,
    CouncilMember,
    CouncilRule,
    Criterion,
    Outcome,
)


@admin.register(CouncilRule)
class CouncilRuleAdmin(VersionedRuleAdmin, AuditedAdmin):
    list_display = ["council_type", "rule_set", "effective_from", "min_members", "max_members",
                    "quorum", "legal_article", "is_default_assumption"]
    list_filter = ["council_type", "rule_set"]


@admin.register(Criterion)
class CriterionAdmin(AuditedAdmin):
    list_display = ["label", "council_type", "task_kind", "scale", "max_score", "position",
                    "rule_set"]
    list_filter = ["council_type", "rule_set", "task_kind"]


class MemberInline(admin.TabularInline):
    model = CouncilMember
    fk_name = "council"
    extra = 0
    can_delete = False
    fields = ["seat", "user", "role", "authorised_vice_chair", "conflict", "present",
              "replaced_by"]
    readonly_fields = fields


class DossierInline(admin.TabularInline):
    model = CouncilDossier
    extra = 0
    can_delete = False
    readonly_fields = ["case", "excellent_recent_task"]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    can_delete = False
    readonly_fields = ["round", "result", "winner", "appraised_amount", "rule_set_code",
                       "created_at"]
    fields = readonly_fields


@admin.register(Council)
class CouncilAdmin(NoDeleteMixin, AuditedAdmin, GuardedModelAdmin):
    list_display = ["__str__", "council_type", "status", "round", "ballots_due", "formed_at"]
    list_filter = ["council_type", "status"]
    search_fields = ["case__code", "case__title", "number"]
    readonly_fields = ["case", "council_type", "status", "rule", "rules_snapshot", "round",
                       "formed_by", "formed_at", "closed_at", "decided_at", "decided_by"]
    inlines = [MemberInline, DossierInline, OutcomeInline]

    def has_add_permission(self, request):
        return False  # councils are formed through services.form_council (starts the process)


class ItemInline(admin.TabularInline):
    model = BallotItem
    extra = 0
    can_delete = False
    readonly_fields = ["criterion", "score", "rating", "comment"]


@admin.register(Ballot)
class BallotAdmin(NoDeleteMixin, AuditedAdmin):
    list_display = ["__str__", "round", "status", "overall", "submitted_at"]
    # What __str__ reads (the member's full name, the dossier's case), in the list's one query.
    list_select_related = ["member__user__profile", "dossier__case"]
    list_filter = ["status"]
    readonly_fields = ["council", "member", "dossier", "round", "status", "overall", "comment",
                       "submitted_at"]
    inlines = [ItemInline]

    def get_queryset(self, request):
        # Blind here too: only ballots of rounds the secretary has closed.
        closed = Q(round__lt=F("council__round")) | Q(council__status__in=["closed", "decided"])
        return super().get_queryset(request).filter(closed)

    def has_add_permission(self, request):
        return False


@admin.register(Outcome)
class OutcomeAdmin(NoDeleteMixin, AuditedAdmin):
    list_display = ["council", "round", "result", "rule_set_code", "created_at"]
    readonly_fields = ["council", "round", "result", "winner", "appraised_amount", "details",
                       "rule_set_code", "rule_version", "created_at", "created_by"]


admin.site.register(CasePartner, AuditedAdmin)

# The registry, meeting rules, meetings and published results: their own module.
from . import admin_registry  # noqa: E402, F401
