"""The councils section of the case page, as an inclusion tag (a few fixed queries).

Member names are shown only to the department and to the council's own members; the
host sees roles and presence, not who the experts are.
"""

from django import template
from django.db.models import Prefetch

from tasks_kh_cn import rules as case_rules
from tasks_kh_cn.people import name_columns, own_columns, person_name
from workflows.permissions import is_assigned_officer
from workflows.roles import Role, has_role

from ..criteria_labels import criterion_label as label_of
from ..models import Council, CouncilMember, CouncilStatus
from ..permissions import can_manage, is_department
from ..web.forms import CouncilForm, council_types_for, people_choices

register = template.Library()


@register.filter
def person(user):
    """How a person is named on council pages: the profile's full name (with the academic
    title), else the account's name. Load users with ``select_related("user__profile")``."""
    return person_name(user)


@register.filter
def criterion_label(criterion):
    """A frozen criterion's name in the page's language (councils.criteria_labels)."""
    return label_of(criterion)


def council_form_for(case, user, *, data=None):
    """The "Thành lập hội đồng" form for the assigned officer, or None when not applicable."""
    if not has_role(user, Role.OFFICER):
        return None
    types = council_types_for(case)
    if not types:
        return None

    if not is_assigned_officer(user, case):
        return None
    busy = set(Council.objects.filter(case=case).exclude(status=CouncilStatus.DECIDED)
               .values_list("council_type", flat=True))
    types = [(value, label) for value, label in types if value not in busy]
    if not types:
        return None
    # The sizes of the case's rule version (tasks_kh_cn.rules), not of every version.
    sizes = case_rules.council_rules(case, [value for value, _label in types])
    rows = max([rule.max_members for rule in sizes] or [9])
    return CouncilForm(data, case=case, rows=rows, people=people_choices(), types=types)


@register.inclusion_tag("councils/_case_councils.html", takes_context=True)
def councils_section(context, case):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    # Only the columns the section reads: the council's own, its case's officer (who may
    # manage it) and its members' names (ordered rows cost Django a comparison per column).
    councils = list(
        Council.objects.filter(dossiers__case=case).distinct().select_related("case")
        .only(*own_columns(Council), "case__assigned_officer")
        .prefetch_related(
            Prefetch("members", queryset=CouncilMember.objects.select_related("user__profile")
                     .only(*own_columns(CouncilMember), *name_columns("user"))
                     .order_by("seat", "id")),
            "outcomes")
        .order_by("formed_at", "id"))
    department = is_department(user)
    rows = []
    for council in councils:
        members = list(council.members.all())
        on_it = any(m.user_id == user.pk and m.replaced_by_id is None for m in members)
        outcomes = list(council.outcomes.all())
        may_replace = department and council.status in (
            CouncilStatus.FORMING, CouncilStatus.IN_SESSION) and bool(can_manage(user, council))
        replaceable = [m for m in members if m.replaced_by_id is None and m.is_excluded] \
            if may_replace else []
        rows.append({
            "council": council, "members": members,
            # The experts stay anonymous to the applicants (blind review).
            "names": department or on_it,
            "link": department or on_it,
            "outcome": outcomes[-1] if outcomes and council.status == CouncilStatus.DECIDED
            else None,
            "replaceable": replaceable,
            "people": people_choices(exclude=[m.user_id for m in members])
            if replaceable else [],
        })
    form = context.get("council_form") or council_form_for(case, user)
    return {"show": bool(rows or form), "case": case, "rows": rows, "council_form": form,
            "request": request}
