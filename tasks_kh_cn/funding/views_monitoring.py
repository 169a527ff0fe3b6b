"""The periodic reports page (/cases/<pk>/funding/reports/), the inspections page
(/cases/<pk>/funding/inspections/) and the approver's dismissal of a suspension proposal.

Same shape as views.py: each form posts to its own URL and calls the same service as the
API (monitoring.py, inspections.py); a refused post re-renders the page with what was typed
and the field errors (400), or the reason (403). A case the user cannot see is a 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tasks_kh_cn.fields import MoneyField
from tasks_kh_cn.views.sections import add_errors, case_or_404, date_inputs
from workflows.permissions import is_approver, is_assigned_officer, is_host_member

from . import inspections, monitoring
from .inspection_models import ActionStatus, Inspection, InspectionAction, InspectionKind, InspectionStatus
from .models import MAX_VND
from .monitoring_models import (
    PeriodicReport,
    ProposalStatus,
    ReportItem,
    ReportStatus,
    SuspensionProposal,
    WorkItemKind,
)
from .permissions import may_read_ledger

ACTION_ROWS = 5  # blank required-action lines on the minutes form


class ReportForm(forms.Form):
    progress = forms.CharField(label=gettext_lazy("Tiến độ theo từng nội dung, sản phẩm"),
                               max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    spending = MoneyField(label=gettext_lazy("Kinh phí đã sử dụng (VNĐ)"), min_value=0,
                                  max_value=MAX_VND)
    problems = forms.CharField(label=gettext_lazy("Khó khăn, vướng mắc"), required=False,
                               max_length=20000, widget=forms.Textarea(attrs={"rows": 3}))
    proposals = forms.CharField(label=gettext_lazy("Kiến nghị"), required=False,
                                max_length=20000, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=gettext_lazy("Tệp đính kèm (PDF, DOCX)"), required=False)

    def __init__(self, *args, work_items=(), **kwargs):
        """One percentage and one note per work item of the case (none: the form as before);
        the range is the service's check, so page and API give the same error."""
        super().__init__(*args, **kwargs)
        self.work_items = list(work_items)
        for item in self.work_items:
            name = f"{item.get_kind_display()} {item.position}: {item.title}"
            self.fields[monitoring.percent_field(item.pk)] = forms.IntegerField(
                label=gettext_lazy("%(item)s — tỷ lệ hoàn thành (%%)") % {"item": name},
                required=False)
            self.fields[f"item_{item.pk}_note"] = forms.CharField(
                label=gettext_lazy("%(item)s — ghi chú") % {"item": name}, required=False,
                max_length=1000)

    def service_data(self):
        """The cleaned data as the service's arguments (``items`` only when there are some)."""
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("item_")}
        if self.work_items:
            data["items"] = [{"work_item": item.pk,
                              "percent": self.cleaned_data.get(monitoring.percent_field(item.pk)),
                              "note": self.cleaned_data.get(f"item_{item.pk}_note", "")}
                             for item in self.work_items]
        return data


class WorkItemForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=WorkItemKind.choices)
    title = forms.CharField(label=gettext_lazy("Tên nội dung, sản phẩm"), max_length=500)
    expected = forms.CharField(label=gettext_lazy("Kết quả, số lượng dự kiến"), required=False,
                               max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do trả lại"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class DismissForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do không tạm dừng"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại kiểm tra"), choices=InspectionKind.choices)
    inspect_on = forms.DateField(label=gettext_lazy("Ngày kiểm tra"))
    note = forms.CharField(label=gettext_lazy("Nội dung kiểm tra"), required=False,
                           max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class MinutesForm(forms.Form):
    findings = forms.CharField(label=gettext_lazy("Kết quả kiểm tra"), max_length=20000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    minutes = forms.FileField(label=gettext_lazy("Biên bản đã ký (PDF)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=gettext_lazy("Yêu cầu khắc phục %(n)s") % {"n": n}, required=False,
                max_length=4000)
            self.fields[f"due_{n}"] = forms.DateField(
                label=gettext_lazy("Hạn khắc phục %(n)s") % {"n": n}, required=False)

    def actions(self):
        d = self.cleaned_data
        return [{"description": d.get(f"action_{n}", ""), "due_on": d.get(f"due_{n}")}
                for n in range(1, ACTION_ROWS + 1)]


class ConfirmForm(forms.Form):
    confirmation = forms.CharField(label=gettext_lazy("Việc đã khắc phục"), max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 2}))


def _case(request, pk):
    case = case_or_404(request.user, pk)
    may_read_ledger(request.user, case).require()
    return case


# --- periodic reports ------------------------------------------------------------------------

def _reports_page(request, case, *, status=200, bound=None, error=None):
    """Every period with its report and the forms the user may use (queries independent of
    the number of periods)."""
    bound = bound or {}
    host = bool(is_host_member(request.user, case))
    officer = bool(is_assigned_officer(request.user, case))
    items = list(monitoring.work_items(case))
    reports = PeriodicReport.objects.filter(case=case).select_related(
        "author__profile", "reviewed_by__profile", "attachment__document")
    if items:  # the rows of every report in one query; none without work items
        reports = reports.prefetch_related(Prefetch("items", queryset=ReportItem.objects.order_by()))
    reports = {r.sequence: r for r in reports}
    writable = case.status in monitoring.REPORTABLE
    rows = []
    for deadline in monitoring.report_deadlines(case).order_by("sequence"):
        report = reports.get(deadline.sequence)
        done = {r.work_item_id: r for r in report.items.all()} if report and items else {}
        editable = host and writable and (report is None or report.status in (
            ReportStatus.DRAFT, ReportStatus.RETURNED))
        form = None
        if editable:
            initial = report and {
                "progress": report.progress, "spending": report.spending,
                "problems": report.problems, "proposals": report.proposals}
            for pk, row in done.items():
                initial[monitoring.percent_field(pk)] = row.percent
                initial[f"item_{pk}_note"] = row.note
            form = bound.get(f"report_{deadline.sequence}") or ReportForm(
                prefix=f"r{deadline.sequence}", initial=initial, work_items=items)
        reviewing = officer and report is not None and report.status == ReportStatus.SUBMITTED
        rows.append({"deadline": deadline, "report": report, "form": form,
                     "items": [(item, done.get(item.pk)) for item in items] if done else [],
                     "return_form": (bound.get(f"return_{report.pk}") or ReturnForm(
                         prefix=f"ret{report.pk}")) if reviewing else None})
    item_form = None
    if monitoring.may_edit_work_items(request.user, case) and (
            case.status in monitoring.WORK_ITEMS_EDITABLE):
        item_form = bound.get("work_item") or WorkItemForm()
    return render(request, "funding/reports.html",
                  {"case": case, "rows": rows, "error": error, "work_items": items,
                   "item_form": item_form}, status=status)


def _run(request, case, form, key, write, done, page, target):
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except PermissionDenied as exc:
            return page(request, case, status=403, error=str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(target, pk=case.pk)
    # The form's own errors (e.g. a period that does not exist) also head the page: the form
    # they belong to may have no place on it.
    return page(request, case, status=400, bound={key: form},
                error=" ".join([_("Chưa ghi được: xem các lỗi bên dưới."),
                                *form.non_field_errors()]))


@login_required
def reports(request, pk):
    return _reports_page(request, _case(request, pk))


@login_required
@require_POST
def save_report(request, pk, sequence):
    case = _case(request, pk)
    is_host_member(request.user, case).require()
    form = ReportForm(request.POST, request.FILES, prefix=f"r{sequence}",
                      work_items=monitoring.work_items(case))
    submit = "submit" in request.POST

    def write(d):
        report = monitoring.save_report(case=case, user=request.user, sequence=sequence,
                                        **form.service_data())
        if submit:
            monitoring.submit_report(report=report, user=request.user)

    return _run(request, case, form, f"report_{sequence}", write,
                _("Đã nộp báo cáo định kỳ.") if submit else _("Đã lưu bản nháp báo cáo."),
                _reports_page, "funding-web:reports")


@login_required
@require_POST
def add_work_item(request, pk):
    case = _case(request, pk)
    monitoring.may_edit_work_items(request.user, case).require()
    return _run(request, case, WorkItemForm(request.POST), "work_item",
                lambda d: monitoring.add_work_item(case=case, user=request.user, **d),
                _("Đã thêm nội dung, sản phẩm."), _reports_page, "funding-web:reports")


@login_required
@require_POST
def review_report(request, pk, report_pk, verdict):
    case = _case(request, pk)
    report = get_object_or_404(PeriodicReport, pk=report_pk, case=case)
    is_assigned_officer(request.user, case).require()
    accept = verdict == "accept"
    form = forms.Form(request.POST) if accept else ReturnForm(request.POST, prefix=f"ret{report.pk}")
    return _run(request, case, form, f"return_{report.pk}",
                lambda d: monitoring.review_report(report=report, user=request.user,
                                                   accept=accept, reason=d.get("reason", "")),
                _("Đã chấp nhận báo cáo định kỳ.") if accept else _("Đã trả lại báo cáo."),
                _reports_page, "funding-web:reports")


# --- the approver's answer to a suspension proposal ------------------------------------------

def proposal_context(request, case, bound=None):
    """The case page's part for an approver: the open proposal and the dismissal form
    (``suspend`` itself is the case's own action, offered with the other transitions)."""
    proposal = SuspensionProposal.objects.filter(case=case, status=ProposalStatus.OPEN).first()
    if proposal is None:
        return None
    return {"proposal": proposal,
            "dismiss_form": (bound or DismissForm()) if is_approver(request.user, case) else None}


@login_required
@require_POST
def dismiss_proposal(request, pk, proposal_pk):
    case = _case(request, pk)
    proposal = get_object_or_404(SuspensionProposal, pk=proposal_pk, case=case)
    is_approver(request.user, case).require()
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            monitoring.dismiss_proposal(proposal=proposal, user=request.user,
                                        reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận: không tạm dừng nhiệm vụ."))
            return redirect("web:case-detail", pk=case.pk)
    return render(request, "funding/proposal.html",
                  {"case": case, "proposal": proposal, "dismiss_form": form,
                   "error": _("Chưa ghi được: xem các lỗi bên dưới.")}, status=400)


# --- inspections -----------------------------------------------------------------------------

def _inspections_page(request, case, *, status=200, bound=None, error=None):
    bound = bound or {}
    host = bool(is_host_member(request.user, case))
    officer = bool(is_assigned_officer(request.user, case))
    rows = []
    for inspection in inspections.inspection_rows(case):
        actions = []
        for action in inspection.actions.all():
            actions.append({"action": action, "confirm_form": (
                bound.get(f"confirm_{action.pk}") or ConfirmForm(prefix=f"c{action.pk}"))
                if host and action.status == ActionStatus.OPEN else None,
                "may_accept": officer and action.status == ActionStatus.CONFIRMED})
        rows.append({"inspection": inspection, "actions": actions, "minutes_form": (
            bound.get(f"minutes_{inspection.pk}") or date_inputs(MinutesForm(
                prefix=f"m{inspection.pk}")))
            if officer and inspection.status == InspectionStatus.PLANNED else None})
    plan_form = None
    earliest = None
    if officer and case.status in inspections.INSPECTABLE:
        earliest = inspections.earliest_inspection_day(case)[0]
        plan_form = bound.get("plan") or date_inputs(InspectionForm(initial={
            "inspect_on": earliest}))
    return render(request, "funding/inspections.html",
                  {"case": case, "rows": rows, "plan_form": plan_form, "earliest": earliest,
                   "error": error}, status=status)


@login_required
def inspection_list(request, pk):
    return _inspections_page(request, _case(request, pk))


@login_required
@require_POST
def plan_inspection(request, pk):
    case = _case(request, pk)
    is_assigned_officer(request.user, case).require()
    return _run(request, case, date_inputs(InspectionForm(request.POST)), "plan",
                lambda d: inspections.plan_inspection(case=case, user=request.user, **d),
                _("Đã lập kế hoạch kiểm tra và thông báo cho tổ chức chủ trì."),
                _inspections_page, "funding-web:inspections")


@login_required
@require_POST
def record_minutes(request, pk, inspection_pk):
    case = _case(request, pk)
    inspection = get_object_or_404(Inspection, pk=inspection_pk, case=case)
    is_assigned_officer(request.user, case).require()
    form = date_inputs(MinutesForm(request.POST, request.FILES, prefix=f"m{inspection.pk}"))
    return _run(request, case, form, f"minutes_{inspection.pk}",
                lambda d: inspections.record_minutes(
                    inspection=inspection, user=request.user, findings=d["findings"],
                    actions=form.actions(), minutes=d.get("minutes")),
                _("Đã lập biên bản kiểm tra."), _inspections_page, "funding-web:inspections")


@login_required
@require_POST
def confirm_action(request, pk, action_pk):
    case = _case(request, pk)
    action = get_object_or_404(InspectionAction, pk=action_pk, inspection__case=case)
    is_host_member(request.user, case).require()
    return _run(request, case, ConfirmForm(request.POST, prefix=f"c{action.pk}"),
                f"confirm_{action.pk}",
                lambda d: inspections.confirm_action(action=action, user=request.user, **d),
                _("Đã gửi xác nhận khắc phục."), _inspections_page, "funding-web:inspections")


@login_required
@require_POST
def accept_action(request, pk, action_pk):
    case = _case(request, pk)
    action = get_object_or_404(InspectionAction, pk=action_pk, inspection__case=case)
    is_assigned_officer(request.user, case).require()
    return _run(request, case, forms.Form(request.POST), "accept",
                lambda d: inspections.accept_action(action=action, user=request.user),
                _("Đã chấp nhận xác nhận khắc phục."), _inspections_page,
                "funding-web:inspections")
