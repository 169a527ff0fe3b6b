"""Who changed what in the admin, with the old and the new value; and what nobody deletes.

Django's admin already writes a LogEntry (user, time, object) for every add, change and
delete. ``AuditedAdmin`` makes the change message say ``field: old → new`` for the object and
its inline rows, so the object's *History* page and the read-only *Admin log* answer "who
set the quorum to 7, and what was it before". ``NoDeleteAdmin`` is for records whose
deletion would rewrite history (ballots, outcomes, milestones, deadlines, the outbox, ...):
no delete button, no "delete selected" action, 403 on the delete URL.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

EMPTY = "—"
HIDDEN = "***"
MAX_SHOWN = 200


def shown_value(field: forms.Field, value) -> str:
    """A form value as a person reads it: the label of a choice, the name of a related row."""
    if isinstance(field.widget, forms.PasswordInput):
        return HIDDEN
    if value is None or value == "" or value == [] or value == ():
        return EMPTY
    if isinstance(field, forms.ModelMultipleChoiceField):
        text = ", ".join(sorted(str(item) for item in value))
    elif isinstance(field, forms.ModelChoiceField):
        if not isinstance(value, models.Model):  # the form's initial is the primary key
            value = field.queryset.model._default_manager.filter(pk=value).first() or value
        text = str(value)
    elif isinstance(field, forms.ChoiceField):
        labels = {}
        for key, label in field.choices:
            if isinstance(label, (list, tuple)):  # an option group
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(key)] = label
        text = str(labels.get(str(value), value))
    elif isinstance(field, forms.FileField):
        text = getattr(value, "name", None) or str(value)
    else:
        text = str(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def describe_changes(form: forms.BaseForm, names) -> list[str]:
    """``label: old → new`` for each changed field of a bound, validated form."""
    described = []
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        old = shown_value(field, form.get_initial_for_field(field, name))
        new = shown_value(field, form.cleaned_data.get(name))
        described.append(f"{field.label or name}: {old} → {new}")
    return described


class AuditedAdmin(admin.ModelAdmin):
    """Change messages that carry the old and new values (stored in LogEntry as Django's own
    JSON, so the History page renders them)."""

    def construct_change_message(self, request, form, formsets, add=False):
        # In the site's language (Vietnamese), so the log does not depend on who wrote it:
        # its words, and the numbers the objects' names carry (money as 51.000.000), which
        # with no language active would be written without their grouping.
        with translation.override(settings.LANGUAGE_CODE):
            message = []
            if add:
                message.append({"added": {}})
            elif form.changed_data:
                message.append({"changed": {"fields": describe_changes(form, form.changed_data)}})
            for formset in formsets or []:
                forms_by_row = {id(row.instance): row for row in formset.forms}
                for added in formset.new_objects:
                    message.append({"added": {"name": str(added._meta.verbose_name),
                                              "object": str(added)}})
                for changed, names in formset.changed_objects:
                    row = forms_by_row.get(id(changed))
                    fields = describe_changes(row, names) if row is not None else list(names)
                    message.append({"changed": {"name": str(changed._meta.verbose_name),
                                                "object": str(changed), "fields": fields}})
                for deleted in formset.deleted_objects:
                    message.append({"deleted": {"name": str(deleted._meta.verbose_name),
                                                "object": str(deleted)}})
        return message


class NoDeleteMixin:
    """A record, not a setting: it ends through its service, never by deletion. Put first in
    the bases of a ModelAdmin."""

    def has_delete_permission(self, request, obj=None):
        return False


class NoDeleteInline(admin.TabularInline):
    can_delete = False
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """The admin's own log, read-only for everyone: nobody edits or deletes the trail."""

    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag",
                    "change"]
    list_filter = ["action_flag", ("user", admin.RelatedOnlyFieldListFilter),
                   ("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"
    list_select_related = ["user", "content_type"]
    fields = ["action_time", "user", "content_type", "object_id", "object_repr", "action_flag",
              "change"]
    readonly_fields = fields
    actions = None

    @admin.display(description=_("thay đổi"))
    def change(self, obj):
        return obj.get_change_message()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
