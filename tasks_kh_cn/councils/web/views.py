"""The council web pages: thin views over the council services and selectors.

A council the user may not see is a 404 (``permissions.can_view_council``); a refused
action re-shows the page with the service's reason and its HTTP status (403 forbidden,
409 wrong moment, 400 bad input) — never a 500.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks_kh_cn.selectors import visible_case_or_404
from tasks_kh_cn.views.cases import _detail_context
from workflows.services import InvalidPayload, TransitionError

from .. import minutes as minutes_doc
from .. import selectors, services
from ..errors import CouncilError, CouncilForbidden
from ..models import Council, CouncilMember
from ..permissions import can_decide, can_read_results, can_view_council, is_council_secretary
from ..templatetags.council_tags import council_form_for
from .forms import (
    BallotForm,
    CloseRoundForm,
    ConflictForm,
    DecideForm,
    ReplaceForm,
    SecondRoundForm,
    people_choices,
)
from .page import council_context


def council_or_404(request, pk) -> Council:
    try:
        council = Council.objects.select_related("case").get(pk=pk)
    except Council.DoesNotExist:
        council = None
    if council is None or not can_view_council(request.user, council):
        raise Http404(_("Không tìm thấy hội đồng."))
    return council


def _page(request, council, *, status=200, **kwargs):
    return render(request, "councils/council_detail.html",
                  council_context(council, request.user, **kwargs), status=status)


def _refused(request, council, exc, **bound):
    return _page(request, council, status=exc.status_code, error=exc.message, bound=bound)


def _back(request, council):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("web:council-detail", pk=council.pk)


@login_required
def council_detail(request, pk):
    return _page(request, council_or_404(request, pk))


@login_required
def round_fragment(request, pk):
    """The round's section alone, for htmx's refresh of the running totals; without htmx
    (a plain link or a bookmark) the whole council page at that section."""
    council = council_or_404(request, pk)
    if not request.headers.get("HX-Request"):
        return redirect(reverse("web:council-detail", args=[council.pk]) + "#round")
    context = council_context(council, request.user)
    if context["progress"] is None:  # only the secretary and the department follow the round
        return render(request, "web/forbidden.html", {"reason": _(
            "Chỉ thư ký hội đồng và cán bộ Sở theo dõi được tình hình phiên bỏ phiếu.")},
            status=403)
    return render(request, "councils/_round.html", context)


@login_required
@require_POST
def declare(request, pk):
    council = council_or_404(request, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        return _page(request, council, status=400, bound={"conflict": form},
                     error=_("Khai báo chưa hợp lệ."))
    try:
        services.declare_conflict(council=council, user=request.user,
                                  has_conflict=form.cleaned_data["has_conflict"] == "yes",
                                  note=form.cleaned_data["note"])
    except CouncilError as exc:
        for field, errors in exc.errors.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, str(error))
        return _refused(request, council, exc, conflict=form)
    messages.success(request, _("Đã ghi nhận khai báo xung đột lợi ích."))
    return redirect("web:council-detail", pk=council.pk)


@login_required
@require_POST
def ballot(request, pk):
    """Save the draft (action=save) or submit it (action=submit)."""
    council = council_or_404(request, pk)
    raw = request.POST.get("dossier", "")
    dossier = council.dossiers.select_related("case").filter(
        pk=int(raw) if raw.isdigit() else 0).first()
    if dossier is None:
        raise Http404(_("Hồ sơ không thuộc hội đồng này."))
    form = BallotForm(request.POST, council=council, dossier=dossier)
    key = f"ballot:{dossier.pk}"
    if not form.is_valid():
        return _page(request, council, status=400, bound={key: form},
                     error=_("Phiếu có nội dung không hợp lệ."))
    submit = request.POST.get("action") == "submit"
    if submit and not form.confirm_submission():
        return _page(request, council, status=400, bound={key: form},
                     error=_("Phiếu chưa được nộp: hãy đánh dấu xác nhận."))
    service = services.submit_ballot if submit else services.save_ballot
    try:
        service(council=council, user=request.user, dossier=dossier, items=form.items(),
                overall=form.cleaned_data.get("overall", ""),
                comment=form.cleaned_data.get("comment", ""))
    except CouncilError as exc:
        form.add_service_errors(exc.errors)
        return _refused(request, council, exc, **{key: form})
    messages.success(request, _("Đã nộp phiếu đánh giá.") if submit
                     else _("Đã lưu nháp phiếu đánh giá."))
    return redirect("web:council-detail", pk=council.pk)


@login_required
@require_POST
def presence(request, pk, member_pk):
    council = council_or_404(request, pk)
    member = get_object_or_404(CouncilMember, pk=member_pk, council=council)
    try:
        services.mark_absent(council=council, member=member, by=request.user,
                             present=request.POST.get("present") == "1")
    except CouncilError as exc:
        return _refused(request, council, exc)
    messages.success(request, _("Đã ghi nhận có mặt / vắng mặt."))
    return redirect("web:council-detail", pk=council.pk)


@login_required
@require_POST
def replace(request, pk, member_pk):
    council = council_or_404(request, pk)
    member = get_object_or_404(CouncilMember, pk=member_pk, council=council)
    people = people_choices(exclude=council.members.values_list("user_id", flat=True))
    form = ReplaceForm(request.POST, people=people, member=member)
    key = f"replace:{member.pk}"
    if not form.is_valid():
        return _page(request, council, status=400, bound={key: form},
                     error=_("Cần chọn người thay thế."))
    user = get_user_model().objects.get(pk=form.cleaned_data["user"])
    try:
        services.replace_member(council=council, member=member, user=user, by=request.user)
    except CouncilError as exc:
        for errors in exc.errors.values():
            for error in errors:
                form.add_error("user", str(error))
        return _refused(request, council, exc, **{key: form})
    messages.success(request, _("Đã thay thế thành viên hội đồng."))
    return _back(request, council)


@login_required
@require_POST
def close(request, pk):
    council = council_or_404(request, pk)
    # Closing is final: the secretary ticks the box first (anyone else is refused as before).
    form = CloseRoundForm(request.POST)
    if not form.is_valid() and is_council_secretary(request.user, council):
        return _page(request, council, status=400, bound={"close": form},
                     error=_("Phiên chưa kết thúc: hãy đánh dấu xác nhận."))
    try:
        services.close_round(council=council, by=request.user)
    except CouncilError as exc:
        return _refused(request, council, exc)
    messages.success(request, _("Đã kết thúc phiên bỏ phiếu."))
    return redirect("web:council-detail", pk=council.pk)


@login_required
@require_POST
def decide(request, pk):
    council = council_or_404(request, pk)
    decision = can_decide(request.user, council)
    if not decision:  # refused before anything typed is read
        return _refused(request, council, CouncilForbidden(decision.reason))
    form = DecideForm(request.POST, council=council, outcome=selectors.latest_outcome(council))
    if not form.is_valid():
        return _page(request, council, status=400, bound={"decide": form},
                     error=_("Quyết định chưa hợp lệ."))
    try:
        services.decide(council=council, by=request.user, data=form.payload())
    except InvalidPayload as exc:
        for field, errors in (exc.errors or {}).items():
            for error in errors:
                form.add_error(field if field in form.fields else None, str(error))
        return _page(request, council, status=400, bound={"decide": form}, error=exc.message)
    except (CouncilError, TransitionError) as exc:
        return _refused(request, council, exc, decide=form)
    messages.success(request, _("Đã ghi nhận quyết định."))
    return redirect("web:council-detail", pk=council.pk)


@login_required
@require_POST
def second_round(request, pk):
    council = council_or_404(request, pk)
    form = SecondRoundForm(request.POST)
    if not form.is_valid():
        return _page(request, council, status=400, bound={"second": form},
                     error=_("Cần nêu lý do."))
    try:
        services.request_second_round(council=council, by=request.user,
                                      reason=form.cleaned_data["reason"])
    except CouncilError as exc:
        return _refused(request, council, exc, second=form)
    messages.success(request, _("Đã yêu cầu hội đồng bỏ phiếu lại."))
    return redirect("web:council-detail", pk=council.pk)


@login_required
def minutes(request, pk, fmt):
    council = council_or_404(request, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404(_("Định dạng không hỗ trợ."))
    if selectors.latest_outcome(council) is None:
        return _page(request, council, status=409, error=_("Chưa có kết quả để lập biên bản."))
    decision = can_read_results(request.user, council)
    if not decision:
        return _page(request, council, status=403, error=decision.reason)
    if fmt == "docx":
        content, mime = minutes_doc.as_docx(council), minutes_doc.DOCX
    else:
        content, mime = minutes_doc.as_pdf(council), "application/pdf"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = (
        f'attachment; filename="bien-ban-hoi-dong-{council.pk}.{fmt}"')
    return response


@login_required
@require_POST
def form_council(request, case_pk):
    """The officer forms a council from the case page (the councils section's form)."""
    case = visible_case_or_404(request.user, case_pk)
    form = council_form_for(case, request.user, data=request.POST)
    if form is None:
        context = _detail_context(request, case, error=_(
            "Bạn không thể thành lập hội đồng cho nhiệm vụ này ở bước hiện tại."))
        return render(request, "web/case_detail.html", context, status=403)
    error, status = _("Thành phần hội đồng chưa hợp lệ."), 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            council = services.form_council(
                case=case, council_type=data["council_type"], members=data["specs"],
                by=request.user, number=data["number"], products=data["product_list"],
                candidates=data["candidate_cases"])
        except CouncilError as exc:
            for field, errors in exc.errors.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, str(message))
            error, status = exc.message, exc.status_code
        else:
            messages.success(request, _("Đã thành lập hội đồng."))
            return redirect("web:council-detail", pk=council.pk)
    context = _detail_context(request, case, error=error)
    context["council_form"] = form
    return render(request, "web/case_detail.html", context, status=status)
