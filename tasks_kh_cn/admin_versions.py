"""Admin for dated rule rows: a version in use is read-only; a change is a new version.

A case reads each rule at the version in force on its rules date (``tasks_kh_cn.rules``);
editing such a row in place would change cases under way, so the admin refuses it and
offers "new version from this one": a copy dated tomorrow, to be edited before it applies.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import TaskCase
from .services.rule_versions import move_case_to_rule_version


def version_in_use(row) -> bool:
    """A case of the row's rule set is pinned on or after the row's date (it may read it)."""
    if row is None or row.pk is None:
        return False
    return TaskCase.objects.filter(rule_set_id=row.rule_set_id,
                                   rules_as_of__gte=row.effective_from).exists()


class VersionedRuleAdmin(admin.ModelAdmin):
    """Mixed into the admin of every dated rule row (deadline, council, change, figure)."""

    actions = ["new_version"]

    def has_change_permission(self, request, obj=None):
        if version_in_use(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if version_in_use(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=gettext_lazy("Tạo phiên bản mới từ phiên bản này"),
                  permissions=["add"])
    def new_version(self, request, queryset):
        start = timezone.localdate() + datetime.timedelta(days=1)
        made = 0
        for row in queryset:
            copy = type(row).objects.get(pk=row.pk)
            copy.pk = copy.id = None
            copy.effective_from = max(start, row.effective_from + datetime.timedelta(days=1))
            try:
                with transaction.atomic():
                    copy.save()
            except IntegrityError:
                self.message_user(request, _("%(row)s: đã có phiên bản hiệu lực từ ngày %(d)s.")
                                  % {"row": row, "d": copy.effective_from.strftime("%d/%m/%Y")},
                                  messages.ERROR)
                continue
            made += 1
        if made:
            self.message_user(request, _("Đã tạo %(n)s phiên bản mới; sửa các con số rồi lưu.")
                              % {"n": made}, messages.SUCCESS)


class MoveRuleVersionForm(ActionForm):
    as_of = forms.DateField(label=gettext_lazy("Áp dụng quy tắc có hiệu lực ngày"),
                            required=False)
    reason = forms.CharField(label=gettext_lazy("Lý do"), required=False)


@admin.action(description=gettext_lazy("Chuyển sang phiên bản quy tắc mới (cần lý do)"))
def move_rule_version(modeladmin, request, queryset):
    form = MoveRuleVersionForm(request.POST)
    form.is_valid()
    as_of = form.cleaned_data.get("as_of")
    reason = form.cleaned_data.get("reason", "")
    for case in queryset:
        try:
            move_case_to_rule_version(case=case, by=request.user, reason=reason, as_of=as_of)
        except (ValidationError, PermissionDenied) as exc:
            text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            modeladmin.message_user(request, f"{case.code}: {text}", messages.ERROR)
        else:
            modeladmin.message_user(request, _("%(code)s: đã chuyển phiên bản quy tắc.")
                                    % {"code": case.code}, messages.SUCCESS)
