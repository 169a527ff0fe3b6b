"""Desk pages: claim, release and reassign a desk task; the lead's workload page."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tasks_kh_cn.people import person_name
from tasks_kh_cn.selectors import officer_workload, visible_desk_task_or_404
from tasks_kh_cn.services import desks
from tasks_kh_cn.xlsx import Column, xlsx_download
from workflows.roles import Role


def _back(request, task):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("web:case-detail", pk=task.process.artifact_object_id)


def _refused(request, reason):
    return render(request, "web/forbidden.html", {"reason": reason}, status=403)


def _take_or_hand_back(request, task_id, operation, done):
    """Claim or release: the same door, the service's refusal with its reason, then back."""
    task = visible_desk_task_or_404(request.user, task_id)
    try:
        operation(task, request)
    except PermissionDenied as refused:
        return _refused(request, str(refused))
    messages.success(request, done)
    return _back(request, task)


@login_required
@require_POST
def desk_claim(request, task_id):
    return _take_or_hand_back(
        request, task_id, lambda task, r: desks.claim(task=task, user=r.user),
        _("Bạn đã nhận việc."))


@login_required
@require_POST
def desk_release(request, task_id):
    return _take_or_hand_back(
        request, task_id,
        lambda task, r: desks.release(task=task, user=r.user, reason=r.POST.get("reason", "")),
        _("Bạn đã trả lại việc cho nhóm."))


@login_required
@require_POST
def desk_reassign(request, task_id):
    task = visible_desk_task_or_404(request.user, task_id)
    decision = desks.may_reassign(request.user, task)
    if not decision:
        return _refused(request, decision.reason)
    raw = request.POST.get("user", "")
    to = get_user_model().objects.filter(pk=raw, is_active=True).first() if raw.isdigit() else None
    try:
        desks.reassign(task=task, by=request.user, to=to, reason=request.POST.get("reason", ""))
    except PermissionDenied as refused:
        return _refused(request, str(refused))
    except ValidationError as invalid:
        for errors in invalid.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return _back(request, task)
    messages.success(request, _("Đã giao lại việc cho %(name)s.") % {"name": person_name(to)})
    return _back(request, task)


WORKLOAD_COLUMNS = [
    Column(gettext_lazy("Chuyên viên thụ lý"), lambda task: person_name(task.owner_row)),
    Column(gettext_lazy("Mã"), lambda task: task.case.code),
    Column(gettext_lazy("Tên nhiệm vụ"), lambda task: task.case.title),
    Column(gettext_lazy("Trạng thái"), lambda task: task.case.get_status_display()),
    Column(gettext_lazy("Hạn gần nhất"), lambda task: task.due, "date"),
]


def _workload_tasks(rows):
    for row in rows:
        for task in row["tasks"]:
            task.owner_row = row["officer"]
            yield task


@login_required
def workload_export(request):
    """The workload page's tasks, officer by officer, to Excel (the same three queries)."""
    if not desks.is_lead(request.user):
        return _refused(request, _("Chỉ trưởng phòng hoặc lãnh đạo Sở mới xem được phân công."))
    return xlsx_download(WORKLOAD_COLUMNS, _workload_tasks(officer_workload()),
                         title=gettext_lazy("Phân công xử lý"), filename="phan-cong")


@login_required
def workload(request):
    if not desks.is_lead(request.user):
        return _refused(request, _("Chỉ trưởng phòng hoặc lãnh đạo Sở mới xem được phân công."))
    rows = officer_workload()
    today = timezone.localdate()
    return render(request, "web/workload.html", {
        "rows": rows, "today": today, "officers": [row["officer"] for row in rows],
        "role": Role.OFFICER,
    })
