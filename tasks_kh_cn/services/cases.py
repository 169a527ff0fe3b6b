"""Creating cases and assigning them."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from tasks_kh_cn.models import CaseCodeCounter, CaseKind, OrganisationKind, RuleSet, TaskCase
from workflows.lifecycle import TERMINAL
from workflows.named_conditions import Named
from workflows.permissions import HANDLE_PERM, HOST_PERM, VIEW_PERM, forget_object_permissions
from workflows.roles import Role, has_role
from workflows.services import desk_activation, open_desk_task, start_process

from .organisations import _ensure_group


def proposer_errors(*, created_by, host, kind, proposer) -> dict:
    """Plan 3.4: only a pilot model names a proposing authority (a department or a district
    People's Committee; other tasks may name their own host), and only one of its members may
    name it — otherwise anyone could file a pilot in an authority's name. The one check
    behind the proposal form, the API and ``pilots.services.propose_pilot_model``."""
    if proposer is None:
        return {}
    errors = {}
    if kind != CaseKind.PILOT_MODEL:
        # Any other task may record only that its host proposed it itself (TT 20/2023: the
        # selection bonus); another organisation as proposer is a pilot model's alone.
        if proposer != host:
            errors["proposer"] = [_("Chỉ mô hình điểm mới có cơ quan đề xuất.")]
    elif proposer.kind != OrganisationKind.AUTHORITY:
        errors["proposer"] = [_("Mô hình điểm do sở, ngành hoặc UBND cấp huyện đề xuất.")]
    if kind == CaseKind.PILOT_MODEL and host is not None and host.kind not in (
            OrganisationKind.ENTERPRISE, OrganisationKind.OCOP_PRODUCER):
        errors["host"] = [_("Đơn vị thực hiện mô hình điểm phải là doanh nghiệp.")]
    if not proposer.memberships.filter(user=created_by).exists():
        errors["created_by"] = [_("Người đề xuất phải thuộc cơ quan đề xuất.")]
    return errors


# The rule the submit transition asks of a pilot model (its agency, its call, its budget;
# registered by the pilots app), asked when the draft is created too: a draft has no page to
# be edited, so one created without them could never be submitted, only withdrawn.
PILOT_PROPOSAL = Named("pilot_proposal_valid")


def proposal_errors(case: TaskCase) -> dict:
    """The errors, by field, of a new proposal: its proposer's (``proposer_errors``) and
    what its submission will ask (``pilot_proposal_valid``). The one check behind the
    proposal page, the API and ``pilots.services.propose_pilot_model``."""
    errors = proposer_errors(created_by=case.created_by, host=case.host, kind=case.kind,
                             proposer=case.proposer)
    for field, messages in PILOT_PROPOSAL.target.field_errors(case).items():
        errors.setdefault(field, []).extend(messages)
    return errors


@transaction.atomic
def create_case(*, created_by, host, title: str, kind: str, call=None, leader=None,
                proposer=None, requested_budget: int = 0, co_funding: int = 0, summary: str = "",
                rule_set=None) -> TaskCase:
    """A draft proposal on the host's desk, under the rule set in force today (or the call's)."""
    now = timezone.now()
    case = TaskCase(
        title=title, kind=kind, call=call, host=host, leader=leader, proposer=proposer,
        requested_budget=requested_budget, co_funding=co_funding, summary=summary,
        rule_set=rule_set, created_by=created_by, created_at=now,
    )
    errors = proposal_errors(case)
    if errors:
        raise ValidationError(errors)
    if rule_set is None:
        case.rule_set = call.rule_set if call is not None else RuleSet.current()
    if case.rule_set is None:
        raise ValidationError({"rule_set": [_("Chưa có bộ quy tắc nào đang có hiệu lực.")]})
    case.code = CaseCodeCounter.next_code(timezone.localdate(now).year)
    case.full_clean(exclude=["code", "status"])
    case.save()
    group = _ensure_group(host)
    assign_perm(VIEW_PERM, group, case)
    assign_perm(HOST_PERM, group, case)
    start_process(case)
    return case


def least_loaded_officer():
    open_cases = ~Q(handled_cases__status__in=list(TERMINAL))
    return (
        get_user_model().objects.filter(groups__name=Role.OFFICER, is_active=True)
        .annotate(load=Count("handled_cases", filter=open_cases))
        .order_by("load", "pk")
        .first()
    )


@transaction.atomic
def assign_officer(*, case: TaskCase, officer, by=None) -> TaskCase:
    """Give the case to ``officer``: object permissions move, and so does the open officer task."""
    if not has_role(officer, Role.OFFICER):
        raise ValidationError({"assigned_officer": [_("Người được giao phải là chuyên viên.")]})
    previous = case.assigned_officer
    if previous is not None and previous.pk != officer.pk:
        remove_perm(HANDLE_PERM, previous, case)
        remove_perm(VIEW_PERM, previous, case)
        forget_object_permissions(previous)
    TaskCase.objects.filter(pk=case.pk).update(assigned_officer=officer)
    case.assigned_officer = officer
    assign_perm(HANDLE_PERM, officer, case)
    assign_perm(VIEW_PERM, officer, case)
    forget_object_permissions(officer)
    task = open_desk_task(case)
    if task is not None and task.flow_task.name == "officer_desk" and task.owner_id != officer.pk:
        activation = desk_activation(task)
        if task.owner_id is None:
            activation.assign(officer)
        else:
            activation.reassign(officer)
    return case
