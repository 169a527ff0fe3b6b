"""Forming a council: composition checked against the rule in force, then the process starts."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tasks_kh_cn import rules as case_rules
from tasks_kh_cn.models import Membership
from workflows.councils import council_flow
from workflows.permissions import is_assigned_officer
from workflows.roles import Role, user_roles

from ..criteria_labels import LABELS_EN
from ..errors import CouncilConflict, CouncilError, CouncilForbidden
from ..experts import conflict_organisations, conflict_organisations_of
from ..kinds import KINDS, kind_of
from ..models import (
    CasePartner,
    Conflict,
    Council,
    CouncilDossier,
    CouncilMember,
    CouncilStatus,
    Criterion,
    Expert,
    MemberRole,
)
from ..permissions import grant_seat, grant_seats

# Who may hold a seat: the people the department registered as council members or
# scientific secretaries. Enterprise staff, department staff and inactive accounts never sit.
SEAT_ROLES = (Role.REVIEWER, Role.SECRETARY)
# What an acceptance council rates when the officer names no product (TT 11/2014).
DEFAULT_PRODUCT = "Sản phẩm của nhiệm vụ"


def eligible_people(field: str = ""):
    """Users who may be seated on a council (the pickers list exactly these); ``field``:
    only the registry's experts of that field of expertise (``councils.experts``)."""

    people = get_user_model().objects.filter(is_active=True, groups__name__in=SEAT_ROLES)
    people = people.exclude(expert__active=False)
    if field:
        people = people.filter(expert__active=True, expert__fields__code=field)
    return people.distinct()


def struck_off(users) -> set[int]:
    """The ids of ``users`` the experts registry has struck off."""
    return set(Expert.objects.filter(user__in=users, active=False).values_list("user_id",
                                                                                 flat=True))


def seat_errors(user, *, struck=None) -> list[str]:
    """Why ``user`` may not take a seat (empty when they may): the one check behind the
    council form, the replacement form, the API and the services. ``struck``: the
    ``struck_off`` ids when the caller checks several people at once."""
    if user is None or not user.is_active or not (user_roles(user) & set(SEAT_ROLES)):
        return [_("Người này không có vai trò thành viên hội đồng hoặc thư ký.")]
    if user.pk in (struck_off([user]) if struck is None else struck):
        return [_("Chuyên gia này đã bị đưa ra khỏi danh sách chuyên gia.")]
    return []


def composition_errors(specs, rule: dict) -> list[str]:
    """Size and roles against the frozen rule (TT 06/2023, TT 20/2023, TT 11/2014)."""
    errors = []
    size = len(specs)
    if not rule["min_members"] <= size <= rule["max_members"]:
        errors.append(_("Hội đồng phải có từ %(min)s đến %(max)s thành viên, đang có %(n)s.")
                      % {"min": rule["min_members"], "max": rule["max_members"], "n": size})
    roles = [spec["role"] for spec in specs]
    if roles.count(MemberRole.CHAIR) != 1:
        errors.append(_("Hội đồng phải có đúng một chủ tịch."))
    if roles.count(MemberRole.SECRETARY) != 1:
        errors.append(_("Hội đồng phải có đúng một thư ký khoa học."))
    if roles.count(MemberRole.REVIEWER) < rule["reviewers"]:
        errors.append(ngettext("Hội đồng cần %(n)s ủy viên phản biện.",
                               "Hội đồng cần %(n)s ủy viên phản biện.", rule["reviewers"])
                      % {"n": rule["reviewers"]})
    for spec in specs:
        if spec.get("authorised_vice_chair") and spec["role"] != MemberRole.VICE_CHAIR:
            errors.append(_("Chỉ phó chủ tịch mới được ủy quyền chủ trì."))
    users = [spec["user"].pk for spec in specs]
    if len(set(users)) != len(users):
        errors.append(_("Một người không thể giữ hai vị trí trong cùng hội đồng."))
    return errors


def conflicting_organisations(council) -> set[int]:
    """Host, proposer and partner organisations of every dossier the council reviews."""
    orgs = set()
    for dossier in council.dossiers.select_related("case"):
        orgs.add(dossier.case.host_id)
        if dossier.case.proposer_id:
            orgs.add(dossier.case.proposer_id)
    orgs.update(CasePartner.objects.filter(case__council_dossiers__council=council)
                .values_list("organisation_id", flat=True))
    return orgs


def tied_to(users, orgs) -> set[int]:
    """The ids of ``users`` who are members of one of ``orgs``, or whom the experts registry
    ties to one: three queries for the whole council rather than three a seat."""
    ids = set(Membership.objects.filter(user__in=users, organisation_id__in=orgs)
              .values_list("user_id", flat=True))
    ids.update(user_id for user_id, theirs in conflict_organisations_of(users).items()
               if theirs & orgs)
    return ids


def seat_member(*, council, user, seat, role, authorised_vice_chair=False,
                orgs=None, grant=True, tied=None) -> CouncilMember:
    """Seat ``user``; a member of a conflicting organisation is excluded at once.
    ``grant=False``: the caller grants the seats' permission, for all members at once;
    ``tied``: whether ``user`` is tied to ``orgs``, when the caller checked everyone at once."""
    orgs = conflicting_organisations(council) if orgs is None else orgs
    member = CouncilMember(council=council, user=user, seat=seat, role=role,
                           authorised_vice_chair=authorised_vice_chair)
    if tied is None:
        tied = (Membership.objects.filter(user=user, organisation_id__in=orgs).exists()
                or bool(conflict_organisations(user) & orgs))
    if tied:
        # Conflict of interest: a member of the host or a partner (or one the experts
        # registry ties to them) may not appraise it.
        member.conflict = Conflict.AUTOMATIC
        member.conflict_note = _("Thành viên thuộc tổ chức chủ trì, đề xuất hoặc phối hợp.")
        member.declared_at = timezone.now()
    member.save()
    if grant and not member.is_excluded:
        grant_seat(member)
    return member


def criteria_for(*, rule_set, council_type, task_kind, products) -> list[dict]:
    kind = kind_of(council_type)
    criteria = [c.snapshot() for c in Criterion.for_council(
        rule_set=rule_set, council_type=kind.criteria_set, task_kind=task_kind)]
    if kind.rates_products:
        # TT 11/2014: each product is rated as well as the report.
        # A product is named by the officer (their words); the default name has its English.
        criteria = [{"code": f"product-{n}", "label": name, "label_en": LABELS_EN.get(name, ""),
                     "scale": "rating", "max_score": None}
                    for n, name in enumerate(products, 1)] + criteria
    return criteria


@transaction.atomic
def form_council(*, case, council_type, members, by, number="", candidates=(), products=(),
                 excellent_recent=(), on=None) -> Council:
    """Form a council for ``case`` and start its process.

    ``members``: [{"user", "role", "authorised_vice_chair"?}]. ``candidates``: other cases
    competing in a selection. ``products``: names of the products an acceptance council
    rates. ``excellent_recent``: cases with an "Xuất sắc" national task in 5 years.
    """

    decision = is_assigned_officer(by, case)
    if not decision:
        raise CouncilForbidden(decision.reason)
    if council_type not in KINDS:
        message = _("Loại hội đồng không hợp lệ.")
        raise CouncilError(message, errors={"council_type": [message]})
    if case.status != kind_of(council_type).sits_in:
        raise CouncilConflict(_("Nhiệm vụ đang ở trạng thái “%(status)s”, chưa thể thành lập "
                                "hội đồng này.") % {"status": case.get_status_display()})
    if Council.objects.filter(case=case, council_type=council_type).exclude(
            status=CouncilStatus.DECIDED).exists():
        raise CouncilConflict(_("Nhiệm vụ đã có hội đồng loại này đang làm việc."))
    # The rule of the version the case was submitted under, not the one in force today
    # (a case begun under "more than 3/4" keeps it after a "more than 1/2" version).
    rule = case_rules.council_rule(case, council_type)
    if rule is None:
        raise CouncilError(_("Bộ quy tắc của nhiệm vụ chưa quy định về hội đồng này."))
    if kind_of(council_type).rates_products and not products:
        products = [DEFAULT_PRODUCT]  # the council's record: Vietnamese, whoever forms it
    snapshot = rule.snapshot()
    snapshot["criteria"] = criteria_for(rule_set=case.rule_set, council_type=council_type,
                                        task_kind=case.kind, products=products)
    errors = composition_errors(members, snapshot)
    users = [spec["user"] for spec in members]
    struck = struck_off(users)
    for spec in members:
        errors += [f"{spec['user']}: {e}" for e in seat_errors(spec["user"], struck=struck)]
    if errors:
        raise CouncilError(_("Thành phần hội đồng không hợp lệ."), errors={"members": errors})
    council = Council.objects.create(
        case=case, council_type=council_type, number=number, rule=rule,
        rules_snapshot=snapshot, products=list(products), formed_by=by,
        formed_at=timezone.now(),
    )
    excellent = {c.pk for c in excellent_recent}
    for dossier_case in [case, *[c for c in candidates if c.pk != case.pk]]:
        CouncilDossier.objects.create(council=council, case=dossier_case,
                                      excellent_recent_task=dossier_case.pk in excellent)
    orgs = conflicting_organisations(council)
    tied = tied_to(users, orgs)
    seated = [seat_member(council=council, user=spec["user"], seat=seat, role=spec["role"],
                          authorised_vice_chair=spec.get("authorised_vice_chair", False),
                          orgs=orgs, grant=False, tied=spec["user"].pk in tied)
              for seat, spec in enumerate(members, 1)]
    grant_seats(council, [member for member in seated if not member.is_excluded])
    council_flow().start.run(council=council)
    return Council.objects.get(pk=council.pk)
