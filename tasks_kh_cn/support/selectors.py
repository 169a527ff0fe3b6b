"""Reads for enterprise support: the catalogue, a request with its computed amounts, priorities."""

from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks_kh_cn import rules as case_rules
from tasks_kh_cn.models import CaseKind, OrganisationKind, SizeClass
from tasks_kh_cn.selectors import visible_cases
from tasks_kh_cn.validators import normalize_tax_code
from workflows.lifecycle import TERMINAL

from .calculator import ItemAssessment, assess_item, vnd
from .models import (  # noqa: F401
    SupportEvidence,
    SupportItem,
    SupportItemRequest,
    SupportPolicy,
    SupportRequest,
)

# TT 35/2021 art. 9; TT 15/2022: support goes to lawfully established enterprises
# (OCOP producers registered as enterprises or cooperatives included).
ELIGIBLE_KINDS = (OrganisationKind.ENTERPRISE, OrganisationKind.OCOP_PRODUCER)


def support_catalogue():
    return SupportItem.objects.filter(is_active=True).order_by("group", "position", "name")


def policy_for_case(case):
    """The policy of the case's rule version: a case keeps the version it was submitted under."""
    return case_rules.support_policy(case)


def host_problems(organisation, on=None) -> list[str]:
    """Why ``organisation`` may not receive enterprise support (empty when it may)."""
    problems = []
    if organisation.kind not in ELIGIBLE_KINDS:
        problems.append(_("Chỉ doanh nghiệp, chủ thể OCOP thành lập hợp pháp mới được hỗ trợ "
                          "theo TT 35/2021/TT-BTC."))
    try:
        normalize_tax_code(organisation.tax_code)
    except ValidationError:
        problems.append(_("Mã số thuế %(code)s của doanh nghiệp không hợp lệ.")
                        % {"code": organisation.tax_code})
    if organisation.is_restricted(on):
        problems.append(_("Doanh nghiệp đang bị hạn chế tham gia: %(reason)s")
                        % {"reason": organisation.restriction_reason_shown()})
    return problems


def earlier_support(*, host_id, item_ids, policy, exclude_case_id, on=None):
    """({item_id: approval date} within the policy's window, {item_id: open case code}).

    One query. An item approved for the same enterprise within ``repeat_window_months``
    is not supported again; one pending in another open case is not requested twice.
    """
    on = on or timezone.localdate()
    since = on - relativedelta(months=policy.repeat_window_months)
    # Rejected, withdrawn and terminated cases never granted (or had recovered, TT 35 art. 10)
    # the support; a completed one did.
    rows = (
        SupportItemRequest.objects.filter(request__case__host_id=host_id, item_id__in=item_ids)
        .exclude(request__case_id=exclude_case_id)
        .exclude(request__case__status__in=[s for s in TERMINAL if s != "completed"])
        .values_list("item_id", "request__approved_on", "request__case__code")
    )
    granted, pending = {}, {}
    for item_id, approved_on, code in rows:
        if approved_on is None:
            pending.setdefault(item_id, code)
        elif approved_on >= since:
            granted[item_id] = max(approved_on, granted.get(item_id, approved_on))
    return granted, pending


@dataclass
class RequestAssessment:
    request: object
    rows: list = field(default_factory=list)  # [(SupportItemRequest, ItemAssessment)]
    host_problems: list = field(default_factory=list)
    year_problems: list = field(default_factory=list)

    @property
    def total_cost(self) -> int:
        return sum(row.cost_estimate for row, _a in self.rows)

    @property
    def total_requested(self) -> int:
        return sum(row.requested_amount for row, _a in self.rows)

    @property
    def total_supportable(self) -> int:
        return sum(a.supportable for _r, a in self.rows)

    @property
    def ok(self) -> bool:
        return (bool(self.rows) and not self.host_problems and not self.year_problems
                and all(a.ok for _r, a in self.rows))

    def problems(self) -> list[str]:
        out = list(self.host_problems) + list(self.year_problems)
        if not self.rows:
            out.append(_("Chưa có nội dung đề nghị hỗ trợ nào."))
        for row, assessment in self.rows:
            for messages in assessment.errors.values():
                out.extend(f"{row.item.shown_name}: {m}" for m in messages)
        return out


def item_requests(request):
    return (
        request.items.select_related("item", "quotation", "evidence")
        .order_by("item__group", "item__position", "id")
    )


def assess_request(request, *, on=None, for_submission=False) -> RequestAssessment:
    """Every requested item with its supportable amount and refusal reasons (5 queries)."""
    policy = request.policy
    levels = list(policy.levels.all())
    rows = list(item_requests(request))
    granted, pending = earlier_support(
        host_id=request.case.host_id, item_ids=[r.item_id for r in rows], policy=policy,
        exclude_case_id=request.case_id, on=on,
    )
    result = RequestAssessment(request=request, host_problems=host_problems(request.case.host, on))
    for row in rows:
        assessment: ItemAssessment = assess_item(
            item=row.item, cost_estimate=row.cost_estimate,
            requested_amount=row.requested_amount, size_class=request.size_class, levels=levels,
            previous_grant=granted.get(row.item_id), pending_in=pending.get(row.item_id),
            policy=policy, women_led=request.case.host.women_led,
        )
        if for_submission and row.quotation_id is None:
            assessment.add("quotation", _("Chưa có báo giá."))
        result.rows.append((row, assessment))
    if for_submission:
        result.year_problems = yearly_cap_problems(request, result.total_requested, on=on)
    return result


def granted_in_year(*, host_id, year, exclude_case_id) -> int:
    """Support approved to the enterprise in ``year`` on its other cases (integer VND)."""
    total = (
        SupportItemRequest.objects.filter(request__case__host_id=host_id,
                                          request__approved_on__year=year)
        .exclude(request__case_id=exclude_case_id)
        .exclude(request__case__status__in=[s for s in TERMINAL if s != "completed"])
        .aggregate(total=Sum("requested_amount"))["total"]
    )
    return total or 0


def yearly_cap_problems(request, amount: int, on=None) -> list[str]:
    """NĐ 80/2021 art. 13: what the enterprise already got this year plus ``amount`` must not
    exceed the policy's yearly cap for its size (the women-led cap when it applies)."""
    on = on or timezone.localdate()
    cap_row = request.policy.yearly_caps.filter(size_class=request.size_class).first()
    if cap_row is None:
        return []
    host = request.case.host
    cap = cap_row.for_host(host)
    already = granted_in_year(host_id=host.pk, year=on.year, exclude_case_id=request.case_id)
    if already + amount <= cap:
        return []
    return [_("Tổng hỗ trợ năm %(year)s của doanh nghiệp sẽ là %(total)s (đã được hỗ trợ "
              "%(already)s), vượt mức tối đa %(cap)s mỗi năm (%(basis)s %(article)s).")
            % {"year": on.year, "total": vnd(already + amount), "already": vnd(already),
               "cap": vnd(cap), "basis": request.policy.resolution_number
               or request.policy.legal_basis, "article": cap_row.legal_article}]


def approval_problems(case, amount: int, on=None) -> list[str]:
    """Why ``amount`` may not be approved on an enterprise-support case: above the supportable
    total of its items (TT 35/2021 art. 11(1): the levels are maximums) or the yearly cap."""
    request = (SupportRequest.objects.filter(case=case)
               .select_related("policy", "case__host").first())
    if request is None:
        return [_("Chưa lập đề nghị hỗ trợ (danh mục nội dung, dự toán, báo giá).")]
    supportable = assess_request(request, on=on).total_supportable
    problems = []
    if amount > supportable:
        problems.append(_("Kinh phí phê duyệt %(amount)s vượt tổng mức được hỗ trợ %(max)s.")
                        % {"amount": vnd(amount), "max": vnd(supportable)})
    return problems + yearly_cap_problems(request, amount, on=on)


def priority_score_expression():
    """SME, OCOP producer, key-product priority (TT 15/2022; plan 3.3), weighted by the policy."""
    policy = "support_request__policy__"
    return (
        Case(When(host__size_class__in=[SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM],
                  then=Coalesce(F(f"{policy}weight_sme"), Value(1))),
             default=Value(0), output_field=IntegerField())
        + Case(When(host__is_ocop_producer=True,
                    then=Coalesce(F(f"{policy}weight_ocop"), Value(1))),
               default=Value(0), output_field=IntegerField())
        + Case(When(host__makes_key_product=True,
                    then=Coalesce(F(f"{policy}weight_key_product"), Value(1))),
               default=Value(0), output_field=IntegerField())
    )


def support_cases_by_priority(user):
    """Enterprise-support cases ``user`` may see, annotated ``priority_score``, highest first."""
    return (
        visible_cases(user).filter(kind=CaseKind.ENTERPRISE_SUPPORT)
        .annotate(priority_score=priority_score_expression())
        .order_by("-priority_score", "created_at", "id")
    )


def maintenance_checks_due(*, on=None, cases=None):
    """Evidence whose "maintained" check is due by ``on`` (any date when None: the caller
    narrows it) and not yet done (for deadlines)."""
    qs = SupportEvidence.objects.filter(maintenance_due_on__isnull=False,
                                        maintenance_checked_on__isnull=True)
    if on is not None:
        qs = qs.filter(maintenance_due_on__lte=on)
    if cases is not None:
        qs = qs.filter(item_request__request__case__in=cases)
    return qs.select_related("item_request__item", "item_request__request__case").order_by(
        "maintenance_due_on", "id")
