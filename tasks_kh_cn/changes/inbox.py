"""Change requests (extension, personnel, amendment) wait on the approver's desk until
decided."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.inbox import InboxSource, WorkItem
from workflows.roles import Role, has_role

from .models import ChangeRequest, ChangeStatus


def change_request_rows(user):
    if not has_role(user, Role.APPROVER):
        return ChangeRequest.objects.none()
    return (ChangeRequest.objects.filter(status=ChangeStatus.SUBMITTED)
            .select_related("case__host").order_by("requested_at", "pk"))


def change_request_items(changes) -> list[WorkItem]:
    return [
        WorkItem(kind="change", case=change.case, created=change.requested_at,
                 label=f"{_('Đề nghị')}: {change.get_kind_display()}",
                 url=reverse("web:case-detail", args=[change.case_id]) + "#changes",
                 extra={"change_id": change.pk})
        for change in changes
    ]


CHANGE_REQUESTS = InboxSource(kind="change", label=_("Đề nghị gia hạn, điều chỉnh"),
                              rows=change_request_rows, items=change_request_items)
