"""viewflow's process and task admins, without deletion and without edits.

A case's desk task lives in viewflow; deleting or editing it in the admin would leave the
case's FSM status and its process disagreeing. viewflow registers its own admins, so they
are replaced through the admin site's public unregister/register, keeping their list pages.
"""

from django.contrib import admin
from viewflow.workflow.admin import ProcessAdmin, TaskAdmin, TaskInline
from viewflow.workflow.models import Process, Task


class ReadOnlyTaskInline(TaskInline):
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


class RecordedProcessAdmin(ProcessAdmin):
    inlines = [ReadOnlyTaskInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordedTaskAdmin(TaskAdmin):
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model, model_admin in ((Process, RecordedProcessAdmin), (Task, RecordedTaskAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
