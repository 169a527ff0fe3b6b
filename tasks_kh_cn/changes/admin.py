from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks_kh_cn.admin_audit import AuditedAdmin, NoDeleteMixin
from tasks_kh_cn.admin_versions import VersionedRuleAdmin

from . import services
from .models import AmendmentRule, ChangeRequest, ChangeRule


@admin.register(ChangeRule)
class ChangeRuleAdmin(VersionedRuleAdmin, AuditedAdmin):
    list_display = ["rule_set", "effective_from", "long_task_months", "max_extension_long",
                    "max_extension_short", "max_extensions", "decision_days", "legal_article",
                    "is_default_assumption"]


@admin.register(AmendmentRule)
class AmendmentRuleAdmin(VersionedRuleAdmin, AuditedAdmin):
    list_display = ["rule_set", "effective_from", "lump_sum_mode", "kind", "decided_by",
                    "min_done_numerator", "min_done_denominator", "legal_article",
                    "is_default_assumption"]
    list_filter = ["lump_sum_mode", "kind", "decided_by"]


class DecisionActionForm(ActionForm):
    decision_number = forms.CharField(label=gettext_lazy("Số văn bản chấp thuận"),
                                      required=False, max_length=64)
    decision_note = forms.CharField(label=gettext_lazy("Lý do không chấp thuận"),
                                    required=False, max_length=4000)


def _decide(modeladmin, request, queryset, approve):
    form = DecisionActionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    for change in queryset.select_related("case"):
        try:
            services.decide_change(change=change, user=request.user, approve=approve,
                                   decision_number=data.get("decision_number", ""),
                                   note=data.get("decision_note", ""))
        except PermissionDenied as exc:
            modeladmin.message_user(request, f"{change}: {exc}", messages.ERROR)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{change}: {' '.join(exc.messages)}",
                                    messages.ERROR)
        else:
            modeladmin.message_user(request, _("%(change)s: đã ghi quyết định.") % {
                "change": change}, messages.SUCCESS)


@admin.action(description=gettext_lazy("Chấp thuận (cần số văn bản)"))
def approve_changes(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, approve=True)


@admin.action(description=gettext_lazy("Không chấp thuận (cần lý do)"))
def refuse_changes(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, approve=False)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(NoDeleteMixin, AuditedAdmin):
    list_display = ["case", "kind", "status", "extension_months", "requested_at", "decided_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["case", "requested_by", "decided_by"]
    action_form = DecisionActionForm
    actions = [approve_changes, refuse_changes]

    def get_readonly_fields(self, request, obj=None):
        # A request is made, decided and applied through changes.services only (its checks,
        # the case's history, the annex): the row itself is never edited here.
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False  # requests are made by the host through the service, with its checks
