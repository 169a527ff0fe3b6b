"""A small world every API door can be tried on: one case per sub-app, owned by the cast's
host enterprise, a council sitting on the research case, and the API's write endpoints
enumerated from the URL resolver (so a new endpoint is walked without editing a list)."""

import re
from types import SimpleNamespace

from django.urls import URLPattern, URLResolver, get_resolver

from tasks_kh_cn.pilots.services import ensure_milestones, propose_pilot_model
from tests.factories import make_organisation, make_pilot_call
from tests.support.helpers import add, support_case
from tests.web.councils_pages import form_identification

WRITE_METHODS = ("post", "put", "patch", "delete")


def seeded_world(cast):
    council, members, case = form_identification(cast)
    support = support_case(cast.host, cast)
    item_request = add(support, cast.host, "iso-22000", 260_000_000)
    authority = make_organisation(name="Sở Công Thương", kind="authority")
    authority.memberships.create(user=cast.host)
    pilot = propose_pilot_model(created_by=cast.host, proposer=authority,
                                host=cast.host.organisations.first(), call=make_pilot_call(),
                                title="Mô hình điểm Lean", requested_budget=500_000_000)
    ensure_milestones(pilot)  # the six steps (made when implementation starts)
    return SimpleNamespace(
        case=case, council=council, members=members, member=council.members.get(user=members[6]),
        secretary=members[1], officer=case.assigned_officer, support_case=support,
        support_item_pk=item_request.pk, pilot_case=pilot)


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def api_routes():
    """(route, view class) of every URL under api/, in the order Django resolves them."""
    for route, pattern in _walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if route.startswith("api/") and view_class is not None:
            yield route, view_class


def write_endpoints():
    """(route, METHOD) of every API URL that accepts a write."""
    return [(route, method.upper()) for route, view_class in api_routes()
            for method in WRITE_METHODS if hasattr(view_class, method)]


def concrete(route, world, **extra):
    """``route`` (as the URL resolver spells it) with the seeded world's ids in its placeholders;
    ``extra`` names the rest (a transition, a format, a desk task)."""
    ids = {"pk": world.case.pk, "step": 1, "case_id": world.case.pk,
           "item_id": world.support_item_pk, "member_pk": world.member.pk, **extra}
    if route.startswith("api/councils/"):
        ids["pk"] = world.council.pk
    elif route.startswith("api/support/"):
        ids["case_id"] = world.support_case.pk
    elif route.startswith("api/pilots/"):
        ids["case_id"] = world.pilot_case.pk
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), route)
