"""Web pages for pilot models (plan 3.4): the six steps on the case page and their actions.

Step transitions go through services.perform_step_transition, which answers 403 (who),
409 (order, evidence, measurements — with the reason) and 400 (the payload).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tasks_kh_cn.fields import LocalizedDecimalField
from tasks_kh_cn.models import CaseKind
from tasks_kh_cn.people import person_name
from tasks_kh_cn.views.sections import (
    add_errors,
    back_to_case,
    case_or_404,
    date_inputs,
    render_case_page,
)
from workflows import payloads
from workflows.permissions import is_host_member
from workflows.services import InvalidPayload, TransitionError

from . import services
from .models import MEASURED_STEPS, Milestone, MilestoneStatus, Step
from .selectors import active_indicators, before_after, case_milestones

ANCHOR = "pilot"
RECOGNITION_ONLY = {"recognise", "refuse_recognition"}  # step 5's own actions
# Actions whose payload has fields to fill; the others are a button (comment optional).
WITH_FIELDS = {"recognise", "refuse_recognition"}


class EvidenceForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tài liệu minh chứng"),
                           error_messages={"required": gettext_lazy("Cần chọn tệp minh chứng.")})
    title = forms.CharField(label=gettext_lazy("Tên tài liệu"), max_length=255, required=False)


class MeasurementForm(forms.Form):
    indicator = forms.ModelChoiceField(label=gettext_lazy("Chỉ tiêu"), queryset=None,
                                       empty_label=gettext_lazy("— Chọn chỉ tiêu —"))
    value = LocalizedDecimalField(label=gettext_lazy("Giá trị"), max_digits=20, decimal_places=4)
    note = forms.CharField(label=gettext_lazy("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = active_indicators()


class OwnerForm(forms.Form):
    """The host names who answers for a step: one of its own members (services.set_step_owner)."""

    step = forms.TypedChoiceField(label=gettext_lazy("Bước"), choices=Step.choices, coerce=int)
    owner = forms.ModelChoiceField(label=gettext_lazy("Người phụ trách"), queryset=None,
                                   empty_label=gettext_lazy("— Chọn thành viên —"))

    def __init__(self, *args, case=None, **kwargs):
        kwargs.setdefault("prefix", "owner")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(
            memberships__organisation_id=case.host_id).select_related("profile").order_by("username").distinct()
        self.fields["owner"].label_from_instance = (
            person_name)


def _payload_form(name, case, step, data=None):
    # No prefix: perform_step_transition reads the payload's own field names.
    form = services.PAYLOADS.get(name, payloads.Payload)(data, case=case,
                                                         auto_id=f"id_step{step}_{name}_%s")
    return date_inputs(form)


def _shown(step, name):
    """Step 5 is recognised by an approver, not reopened; the others are never recognised."""
    if name in RECOGNITION_ONLY:
        return step == Step.RECOGNITION
    if name == "reopen":
        return step != Step.RECOGNITION
    return True


def section_context(request, case, bound):
    """What templates/pilots/_case_section.html shows; None for other kinds of case.

    Six steps whatever happens, each with its evidence and measurements prefetched
    (selectors.case_milestones): a fixed number of queries.
    """
    if case.kind != CaseKind.PILOT_MODEL:
        return None
    steps = case_milestones(case)
    is_host = bool(is_host_member(request.user, case))
    rows = []
    for milestone in steps:
        milestone.case = case
        n = milestone.step
        actions, closed = [], []
        for spec, decision in services.available_step_transitions(milestone, request.user):
            if not _shown(n, spec.name):
                continue
            if decision.allowed:
                form = bound.get(f"pilot_{n}_{spec.name}") or _payload_form(spec.name, case, n)
                actions.append({"name": spec.name, "label": spec.custom["label"], "form": form,
                                "fields": spec.name in WITH_FIELDS})
            else:
                closed.append({"name": spec.name, "label": spec.custom["label"],
                               "reason": decision.reason})
        # Evidence and measurements are the work of a started step (the service also
        # accepts a pending one; the page offers them once the step is under way).
        open_step = (is_host and case.status == "in_progress"
                     and milestone.status == MilestoneStatus.IN_PROGRESS)
        evidence_form = measure_form = None
        if open_step:
            evidence_form = bound.get(f"pilot_{n}_evidence") or EvidenceForm(prefix=f"ev{n}")
            if n in MEASURED_STEPS:
                measure_form = bound.get(f"pilot_{n}_measure") or MeasurementForm(
                    prefix=f"m{n}")
        rows.append({"m": milestone, "actions": actions, "closed": closed,
                     "evidence_form": evidence_form, "measure_form": measure_form,
                     "evidence": list(milestone.evidence.all()),
                     "measurements": list(milestone.measurements.all())})
    owner_form = None
    if is_host and case.status == "in_progress":
        owner_form = bound.get("pilot_owner") or OwnerForm(case=case)
    return {"steps": rows, "comparison": before_after(case), "owner_form": owner_form,
            "ready": bool(steps) and steps[-1].is_complete}


def _milestone(case, step):
    milestone = get_object_or_404(Milestone.objects.select_related("owner"), case=case, step=step)
    milestone.case = case
    return milestone


@login_required
@require_POST
def step_transition(request, pk, step, name):
    case = case_or_404(request.user, pk, CaseKind.PILOT_MODEL)
    milestone = _milestone(case, step)
    try:
        milestone = services.perform_step_transition(milestone=milestone, name=name,
                                                     user=request.user, data=request.POST)
    except InvalidPayload as exc:
        form = _payload_form(name, case, step, request.POST)
        form.is_valid()
        return render_case_page(request, case, status=400, error=exc.message,
                                bound={f"pilot_{step}_{name}": form})
    except TransitionError as exc:
        return render_case_page(request, case, status=exc.status_code, error=exc.message)
    messages.success(request, _("Bước %(step)s: đã chuyển sang “%(status)s”.") % {
        "step": step, "status": milestone.get_status_display()})
    return back_to_case(case, f"pilot-step-{step}")


@login_required
@require_POST
def step_evidence(request, pk, step):
    case = case_or_404(request.user, pk, CaseKind.PILOT_MODEL)
    milestone = _milestone(case, step)
    form = EvidenceForm(request.POST, request.FILES, prefix=f"ev{step}")
    if form.is_valid():
        try:
            services.add_step_evidence(milestone=milestone, user=request.user,
                                       uploaded=form.cleaned_data["file"],
                                       title=form.cleaned_data["title"])
        except PermissionDenied as exc:
            return render_case_page(request, case, status=403, error=str(exc))
        except ValidationError as exc:
            add_errors(form, exc, {"document": "file"})
        else:
            messages.success(request, _("Bước %(step)s: đã thêm minh chứng.") % {"step": step})
            return back_to_case(case, f"pilot-step-{step}")
    return render_case_page(request, case, status=400, bound={f"pilot_{step}_evidence": form},
                            error=_("Chưa thêm được minh chứng: xem các lỗi bên dưới."))


@login_required
@require_POST
def step_measurement(request, pk, step):
    case = case_or_404(request.user, pk, CaseKind.PILOT_MODEL)
    milestone = _milestone(case, step)
    form = MeasurementForm(request.POST, prefix=f"m{step}")
    if form.is_valid():
        try:
            services.record_measurement(milestone=milestone, user=request.user,
                                        **form.cleaned_data)
        except PermissionDenied as exc:
            return render_case_page(request, case, status=403, error=str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Bước %(step)s: đã ghi số đo “%(name)s”.") % {
                "step": step, "name": form.cleaned_data["indicator"].name})
            return back_to_case(case, f"pilot-step-{step}")
    return render_case_page(request, case, status=400, bound={f"pilot_{step}_measure": form},
                            error=_("Chưa ghi được số đo: xem các lỗi bên dưới."))


@login_required
@require_POST
def step_owner(request, pk):
    case = case_or_404(request.user, pk, CaseKind.PILOT_MODEL)
    form = OwnerForm(request.POST, case=case)
    if form.is_valid():
        milestone = _milestone(case, form.cleaned_data["step"])
        try:
            services.set_step_owner(milestone=milestone, user=request.user,
                                    owner=form.cleaned_data["owner"])
        except PermissionDenied as exc:
            return render_case_page(request, case, status=403, error=str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Bước %(step)s: đã giao người phụ trách.") % {
                "step": milestone.step})
            return back_to_case(case, f"pilot-step-{milestone.step}")
    elif not is_host_member(request.user, case):
        return render_case_page(request, case, status=403,
                                error=is_host_member(request.user, case).reason)
    return render_case_page(request, case, status=400, bound={"pilot_owner": form},
                            error=_("Chưa giao được người phụ trách: xem các lỗi bên dưới."))
