"""Case pages: list, detail with its actions, transitions, documents, new proposals.

Every view looks the case up among those the user may see (selectors.visible_cases):
a case you may not see is a 404. Writes go through the services.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks_kh_cn.exports import xlsx_response
from tasks_kh_cn.labels import labels, phase_labels
from tasks_kh_cn.models import CaseKind, DocumentVersion
from tasks_kh_cn.paging import CappedPaginator
from tasks_kh_cn.people import person_name
from tasks_kh_cn.permissions import may_propose
from tasks_kh_cn.selectors import case_documents, case_history, visible_cases
from tasks_kh_cn.selectors import visible_case_or_404 as get_case_or_404
from tasks_kh_cn.services.cases import create_case
from tasks_kh_cn.services.desks import may_claim, may_release
from tasks_kh_cn.services.documents import upload_document
from workflows.diagram import case_diagram
from workflows.lifecycle import PHASE_OF, Phase, Status, desk_label
from workflows.permissions import is_host_member
from workflows.roles import Role, has_role
from workflows.services import (
    InvalidPayload,
    TransitionError,
    all_transitions,
    available_transitions,
    open_desk_task,
    perform_transition,
)

from ..confirmations import CONFIRM_FIELD, with_confirmation
from .case_page import (
    council_hint,
    danger_of,
    group_actions,
    last_reason,
    open_deadlines,
    work_section,
)
from .forms import CaseFilterForm, DocumentUploadForm, ProposalForm

PAGE_SIZE = 20
MAIN_PHASES = [Phase.PROPOSAL, Phase.APPRAISAL, Phase.CONTRACT, Phase.IMPLEMENTATION,
               Phase.ACCEPTANCE, Phase.COMPLETED]


# What a row of the list shows: the table reads these columns and the host's name only.
LIST_COLUMNS = ("code", "title", "kind", "status", "host__name")


def list_rows(cases):
    """The visible, filtered cases as the list table reads them: the row's own columns and
    the host's name (not the ~30 columns of a case and three joined rows)."""
    return cases.select_related(None).select_related("host").only(*LIST_COLUMNS)


def label_rows(rows):
    """Each row's kind, phase and status in words (``kind_label``, ``phase_label``,
    ``status_label``) from tables built once per language (tasks_kh_cn.labels), not three
    get_FOO_display calls a row."""
    kinds, phases, statuses = labels(CaseKind), phase_labels(), labels(Status)
    for case in rows:
        case.kind_label = kinds.get(case.kind, case.kind)
        case.phase_label = phases.get(case.status, "")
        case.status_label = statuses.get(case.status, case.status)
    return rows


@login_required
def case_list(request):
    form = CaseFilterForm(request.GET or None)
    cases = list_rows(form.filter(visible_cases(request.user)))
    # The count stops at a bound (tasks_kh_cn.paging): the page says "more than" beyond it.
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = label_rows(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    # The column headers re-sort the same filtered list (back to its first page).
    sort_query = query.copy()
    sort_query.pop("sort", None)
    context = {
        "form": form, "page": page, "query": query.urlencode(),
        "sort": request.GET.get("sort", ""),
        "sort_query": sort_query.urlencode() + "&" if sort_query else "",
        "can_propose": has_role(request.user, Role.ENTERPRISE),
    }
    # htmx asks for the results alone when a filter changes (tasks_kh_cn/app.js); without
    # JavaScript the form submits and the whole page comes back, with the same URL.
    if request.headers.get("HX-Request") == "true":
        return render(request, "web/_case_results.html", context)
    return render(request, "web/case_list.html", context)


@login_required
def case_export(request):
    """The list as filtered, to Excel: the same form, the same visible cases."""
    form = CaseFilterForm(request.GET or None)
    cases = form.filter(visible_cases(request.user))
    return xlsx_response(cases, "nhiem-vu")


def timeline(case, history=None):
    """The five phases and the end, each done / current / ahead with the day it was entered;
    exits shown apart."""
    rows = list(case_history(case) if history is None else history)
    entered = {Phase.PROPOSAL: case.created_at}
    for row in rows:
        entered.setdefault(PHASE_OF.get(row.to_status), row.at)
    current = PHASE_OF[case.status]
    index = MAIN_PHASES.index(current) if current in MAIN_PHASES else None
    if index is None:  # an exit: the phases reached are those in the history
        reached = {PHASE_OF.get(row.from_status) for row in rows}
    steps = []
    for i, phase in enumerate(MAIN_PHASES):
        if index is not None:
            state = "done" if i < index else "current" if i == index else "ahead"
            if phase == Phase.COMPLETED and i == index:
                state = "done"
        else:
            state = "done" if phase in reached else "ahead"
        steps.append({"phase": phase, "label": phase.label, "state": state,
                      "since": entered.get(phase) if state != "ahead" else None})
    return steps


def _transition_form(name, case, data=None):
    payload = all_transitions()[name].custom["payload"]
    form = payload(data, case=case, auto_id=f"id_{name}_%s")
    consequence = danger_of(name)
    if consequence:
        with_confirmation(form, consequence)
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            # The browser's date picker; it posts ISO dates, which every locale accepts.
            field.widget.input_type = "date"
            field.widget.format = "%Y-%m-%d"
    return form


def _detail_context(request, case, *, bound=None, upload_form=None, error=None):
    options = available_transitions(case, request.user)
    actions = []
    for option in options:
        form = None
        if option.allowed:
            if bound is not None and bound[0] == option.name:
                form = bound[1]
            else:
                form = _transition_form(option.name, case)
        actions.append({"option": option, "form": form})
    main, closed, danger = group_actions(actions)
    history = list(case_history(case))
    may_upload = bool(is_host_member(request.user, case))
    desk_task = open_desk_task(case, with_owner=True)
    if desk_task is not None:
        desk_task.process.artifact = case  # the case is at hand: no second read
    return {
        "desk_task": desk_task,
        "desk_owner": person_name(desk_task.owner) if desk_task and desk_task.owner_id else "",
        "may_claim": bool(desk_task and may_claim(request.user, desk_task)),
        "may_release": bool(desk_task and may_release(request.user, desk_task)),
        "case": case, "timeline": timeline(case, history), "actions": actions, "error": error,
        "desk": desk_label(case.status),
        "open_actions": main, "closed_actions": closed, "danger_actions": danger,
        "council_hint": council_hint(case, main),
        "work_section": work_section(case, main),
        "last_reason": last_reason(case, history),
        "deadlines": open_deadlines(request.user, case),
        "diagram": case_diagram(case, history),
        "documents": case_documents(case),
        "history": history,
        "may_upload": may_upload,
        "upload_form": upload_form or (DocumentUploadForm(auto_id="id_upload_%s")
                                       if may_upload else None),
    }


@login_required
def case_detail(request, pk):
    # The same rule as every case lookup (visible_cases), with the people the page names.
    case = get_case_or_404(request.user, pk, with_people=True)
    return render(request, "web/case_detail.html", _detail_context(request, case))


@login_required
@require_POST
def case_transition(request, pk, name):
    case = get_case_or_404(request.user, pk)
    refused = _unconfirmed(request, case, name)
    if refused is not None:
        return refused
    try:
        # The status the page showed: a form left open while the case moved on does nothing.
        case = perform_transition(case=case, name=name, user=request.user, data=request.POST,
                                  expected_status=request.POST.get("expected_status", ""))
    except InvalidPayload as exc:
        # Re-show the form with what was typed and the field errors, in the user's language.
        form = _transition_form(name, case, request.POST)
        form.is_valid()
        context = _detail_context(request, case, bound=(name, form), error=exc.message)
        return render(request, "web/case_detail.html", context, status=400)
    except TransitionError as exc:
        context = _detail_context(request, case, error=exc.message)
        return render(request, "web/case_detail.html", context, status=exc.status_code)
    messages.success(request, _("Đã thực hiện: %(label)s.") % {
        "label": all_transitions()[name].custom["label"]})
    return redirect("web:case-detail", pk=case.pk)


def _unconfirmed(request, case, name):
    """An irreversible action posted from the page without its confirmation box: the page
    again with the field error and what was typed (400), before anything is changed."""
    if not danger_of(name) or request.POST.get(CONFIRM_FIELD):
        return None
    if request.POST.get("expected_status", case.status) != case.status:
        return None  # a stale form: the service says the case moved on (409)
    allowed = any(option.name == name and option.allowed
                  for option in available_transitions(case, request.user))
    if not allowed:
        return None  # the service refuses it with its own reason (403/409)
    form = _transition_form(name, case, request.POST)
    form.is_valid()
    context = _detail_context(request, case, bound=(name, form),
                              error=_("Thao tác này không thể hoàn tác: hãy xác nhận."))
    return render(request, "web/case_detail.html", context, status=400)


@login_required
@require_POST
def document_upload(request, pk):
    case = get_case_or_404(request.user, pk)
    decision = is_host_member(request.user, case)
    if not decision:
        context = _detail_context(request, case, error=decision.reason)
        return render(request, "web/case_detail.html", context, status=403)
    form = DocumentUploadForm(request.POST, request.FILES, auto_id="id_upload_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            upload_document(case=case, kind=data["kind"], title=data["title"],
                            uploaded=data["file"], user=request.user, note=data["note"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Đã tải lên tài liệu."))
            return redirect("web:case-detail", pk=case.pk)
    context = _detail_context(request, case, upload_form=form)
    return render(request, "web/case_detail.html", context, status=400)


@login_required
def document_download(request, pk, version_pk):
    case = get_case_or_404(request.user, pk)
    version = DocumentVersion.objects.filter(pk=version_pk, document__case=case).first()
    if version is None:
        raise Http404
    return FileResponse(version.file.open("rb"), as_attachment=True,
                        filename=version.original_name, content_type=version.content_type)


@login_required
def case_new(request):
    decision = may_propose(request.user)
    if not decision:
        return render(request, "web/forbidden.html", {"reason": decision.reason}, status=403)
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = create_case(created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Đã tạo đề xuất %(code)s.") % {"code": case.code})
            return redirect("web:case-detail", pk=case.pk)
    return render(request, "web/case_new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
