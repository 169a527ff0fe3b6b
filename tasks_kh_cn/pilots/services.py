"""Writes for pilot models: proposing one, running its six steps, evidence and measurements.

Step transitions mirror ``workflows.services.perform_transition``: lock, check who
acts (403), the state and conditions (409 with the reason), the payload (400), then
run the FSM transition. The same exceptions are raised, so the API maps them alike.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from tasks_kh_cn.models import CaseKind, Document, DocumentKind, TaskCase
from tasks_kh_cn.services.cases import create_case
from tasks_kh_cn.services.documents import upload_document
from tasks_kh_cn.services.organisations import _ensure_group
from workflows import payloads
from workflows.conditions import condition_reason
from workflows.permissions import ALLOWED, VIEW_PERM, Decision, is_host_member
from workflows.services import (
    InvalidPayload,
    TransitionConflict,
    TransitionForbidden,
    UnknownTransition,
)

from .models import MEASURED_STEPS, Indicator, Measurement, Milestone, MilestoneEvidence, Step

PAYLOADS = {
    "recognise": payloads.DecisionPayload,
    "refuse_recognition": payloads.ReasonPayload,
}


@transaction.atomic
def propose_pilot_model(*, created_by, proposer, host, title: str, summary: str = "",
                        requested_budget: int = 0, co_funding: int = 0, call=None) -> TaskCase:
    """Plan 3.4: a department or district People's Committee proposes a pilot for an enterprise.

    The proposer's members may follow the case (view); the host enterprise acts on it.
    """
    # create_case checks the proposer, the host and the proposing member (proposer_errors).
    case = create_case(created_by=created_by, host=host, proposer=proposer, title=title,
                       kind=CaseKind.PILOT_MODEL, summary=summary, call=call,
                       requested_budget=requested_budget, co_funding=co_funding)
    assign_perm(VIEW_PERM, _ensure_group(proposer), case)
    return case


def ensure_milestones(case: TaskCase) -> list[Milestone]:
    """The six steps of a pilot-model case (idempotent), owned by the task leader by default."""
    existing = {m.step: m for m in Milestone.objects.filter(case=case)}
    missing = [Milestone(case=case, step=step, owner_id=case.leader_id)
               for step in Step.values if step not in existing]
    Milestone.objects.bulk_create(missing, ignore_conflicts=True)
    return list(Milestone.objects.filter(case=case).order_by("step"))


def _transition_spec(name):
    for spec in Milestone._meta.get_field("status").get_all_transitions(Milestone):
        if spec.name == name:
            return spec
    raise UnknownTransition(_("Không có thao tác “%(name)s”.") % {"name": name})


def _specs_from(status):
    return [spec for spec in Milestone._meta.get_field("status").get_all_transitions(Milestone)
            if spec.source == status]


def explain(milestone, user, spec):
    """(allowed, reason) for ``user`` taking ``spec`` on ``milestone`` now."""
    decision = spec.permission.check(user, milestone)
    if not decision:
        return decision
    for condition in spec.conditions:
        if not condition(milestone):
            return Decision(False, condition_reason(condition, milestone))
    return ALLOWED


def available_step_transitions(milestone, user):
    return [(spec, explain(milestone, user, spec)) for spec in _specs_from(milestone.status)]


def perform_step_transition(*, milestone: Milestone, name: str, user, data=None) -> Milestone:
    spec = _transition_spec(name)
    with transaction.atomic():
        locked = (Milestone.objects.select_for_update(of=("self",)).select_related("case", "case__host")
                  .get(pk=milestone.pk))
        if spec.name not in {s.name for s in _specs_from(locked.status)}:
            raise TransitionConflict(
                _("Bước %(step)s đang ở trạng thái “%(status)s”, không thể “%(action)s”.") % {
                    "step": locked.step, "status": locked.get_status_display(),
                    "action": spec.custom["label"]})
        decision = spec.permission.check(user, locked)
        if not decision:
            raise TransitionForbidden(decision.reason)
        for condition in spec.conditions:
            if not condition(locked):
                raise TransitionConflict(condition_reason(condition, locked))
        form = PAYLOADS.get(name, payloads.Payload)(data or {}, case=locked.case)
        if not form.is_valid():
            raise InvalidPayload(_("Dữ liệu không hợp lệ."), errors=form.errors.get_json_data())
        getattr(locked, name)(by=user, payload=form.cleaned_data)
        now = timezone.now()
        if name == "start":
            locked.started_at = now
        elif name in ("complete", "recognise"):
            locked.completed_at = now
        locked.save()
    return locked


def _fresh(milestone) -> Milestone:
    """The step and its case as committed (a caller's instances may hold old statuses)."""
    return Milestone.objects.select_related("case", "case__host", "owner").get(pk=milestone.pk)


def _require_host(milestone, user):
    is_host_member(user, milestone.case).require()


def _require_open(milestone):
    if milestone.is_complete or milestone.status == "done":
        raise ValidationError({"step": [_("Bước %(step)s đã hoàn thành; mở lại bước trước khi sửa.")
                                        % {"step": milestone.step}]})
    if milestone.case.status != "in_progress":
        raise ValidationError({"step": [_("Chỉ cập nhật các bước khi nhiệm vụ đang thực hiện.")]})


@transaction.atomic
def add_step_evidence(*, milestone: Milestone, user, uploaded=None, document=None,
                      title: str = "") -> MilestoneEvidence:
    """A document proving the step's work, entered only by the host enterprise's members."""
    milestone = _fresh(milestone)
    _require_host(milestone, user)
    _require_open(milestone)
    case = milestone.case
    if uploaded is not None:
        title = title.strip() or _("Bước %(step)s: minh chứng") % {"step": milestone.step}
        document = upload_document(case=case, kind=DocumentKind.EVIDENCE, title=title,
                                   uploaded=uploaded, user=user).document
    elif document is not None and not isinstance(document, Document):
        document = Document.objects.filter(pk=document, case=case).first()
    if document is None or document.case_id != case.pk:
        raise ValidationError(
            {"document": [_("Cần tải lên tài liệu minh chứng của nhiệm vụ này.")]})
    evidence, _created = MilestoneEvidence.objects.get_or_create(
        milestone=milestone, document=document, defaults={"added_by": user})
    return evidence


@transaction.atomic
def record_measurement(*, milestone: Milestone, user, indicator: Indicator, value,
                       note: str = "") -> Measurement:
    """An indicator's value at step 1 (baseline) or step 6 (after); step 6 measures step 1's set."""
    milestone = _fresh(milestone)
    _require_host(milestone, user)
    _require_open(milestone)
    if milestone.step not in MEASURED_STEPS:
        raise ValidationError({"step": [_("Chỉ bước 1 và bước 6 nhập số đo chỉ tiêu.")]})
    if not indicator.is_active:
        raise ValidationError({"indicator": [_("Chỉ tiêu không còn áp dụng.")]})
    if milestone.step == Step.EVALUATION and not Measurement.objects.filter(
            milestone__case_id=milestone.case_id, milestone__step=Step.BASELINE,
            indicator=indicator).exists():
        raise ValidationError({"indicator": [_(
            "Chỉ tiêu “%(name)s” chưa được đo ở bước 1; bước 6 đo lại đúng các chỉ tiêu của bước 1."
        ) % {"name": indicator.shown_name}]})
    measurement, _created = Measurement.objects.update_or_create(
        milestone=milestone, indicator=indicator,
        defaults={"value": value, "note": note, "measured_by": user})
    return measurement


@transaction.atomic
def set_step_owner(*, milestone: Milestone, user, owner) -> Milestone:
    """The host names who is responsible for a step: one of its own members."""
    milestone = _fresh(milestone)
    _require_host(milestone, user)
    if not milestone.case.host.memberships.filter(user=owner).exists():
        raise ValidationError(
            {"owner": [_("Người phụ trách phải là thành viên của doanh nghiệp.")]})
    Milestone.objects.filter(pk=milestone.pk).update(owner=owner)
    milestone.owner = owner
    return milestone
