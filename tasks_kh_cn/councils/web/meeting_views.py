"""The meeting section's actions: the officer schedules (or moves) the meeting, the
secretary records attendance at it. A refusal re-shows the council page with the
service's reason and its HTTP status; a council the user may not see is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..errors import CouncilError
from ..services import meetings
from .meeting_forms import AttendanceForm, MeetingForm
from .page import voters
from .views import _page, _refused, council_or_404


@login_required
@require_POST
def meeting(request, pk):
    council = council_or_404(request, pk)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        return _page(request, council, status=400, bound={"meeting": form},
                     error=_("Thông tin phiên họp không hợp lệ."))
    try:
        meetings.schedule_meeting(council=council, by=request.user, **form.cleaned_data)
    except CouncilError as exc:
        form.add_service_errors(exc.errors)
        return _refused(request, council, exc, meeting=form)
    messages.success(request, _("Đã lên lịch phiên họp và gửi giấy mời."))
    return redirect("web:council-detail", pk=council.pk)


@login_required
@require_POST
def papers_sent(request, pk):
    council = council_or_404(request, pk)
    try:
        meetings.record_papers_sent(council=council, by=request.user)
    except CouncilError as exc:
        return _refused(request, council, exc)
    messages.success(request, _("Đã ghi nhận gửi tài liệu cho thành viên."))
    return redirect("web:council-detail", pk=council.pk)


@login_required
@require_POST
def attendance(request, pk):
    council = council_or_404(request, pk)
    members = list(council.members.filter(replaced_by__isnull=True)
                   .select_related("user__profile").order_by("seat"))
    form = AttendanceForm(request.POST, members=members, voted=voters(council))
    if not form.is_valid():
        return _page(request, council, status=400, bound={"attendance": form},
                     error=_("Danh sách có mặt không hợp lệ."))
    try:
        meetings.record_attendance(council=council, by=request.user,
                                   present=form.cleaned_data["present"])
    except CouncilError as exc:
        return _refused(request, council, exc, attendance=form)
    messages.success(request, _("Đã điểm danh tại phiên họp."))
    return redirect("web:council-detail", pk=council.pk)
