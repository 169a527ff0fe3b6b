"""Story helpers for enterprise-support cases."""

from types import SimpleNamespace

from tasks_kh_cn.models import CaseKind
from tasks_kh_cn.services.cases import assign_officer
from tasks_kh_cn.support.models import SupportItem
from tasks_kh_cn.support.services import add_support_item
from tests.factories import (
    make_case,
    make_enterprise_user,
    make_organisation,
    pdf,
    research_path,
    take_step,
)


def enterprise(size="small", **org):
    """A user acting for a fresh enterprise of the given NĐ 80/2021 size."""
    return make_enterprise_user(make_organisation(size_class=size, **org))


def item(code):
    return SupportItem.objects.get(code=code)


def support_case(host_user, cast, **overrides):
    case = make_case(host_user, kind=CaseKind.ENTERPRISE_SUPPORT,
                     title="Hỗ trợ áp dụng ISO 9001 và 5S", **overrides)
    # Several cases in one story: keep them all on the cast's officer.
    assign_officer(case=case, officer=cast.officer)
    return case


def add(case, user, code, cost, requested=None, with_quotation=True):
    return add_support_item(case=case, user=user, item=item(code), cost_estimate=cost,
                            requested_amount=requested,
                            quotation_file=pdf(f"bao-gia-{code}.pdf") if with_quotation else None)


def drive(case, cast, host_user, *, start="submit", until=None):
    """Move ``case`` along the research path from ``start`` up to (not including) ``until``."""
    actors = SimpleNamespace(**{**vars(cast), "host": host_user})
    started = False
    for name, user, data, stage in research_path(actors):
        started = started or name == start
        if not started:
            continue
        if name == until:
            break
        # The test gives the case its support items or pilot steps itself.
        case = take_step(case, actors, name, user, data, stage, host=host_user, prepare=False)
    return case
