"""Issue 9: every write endpoint of the API, tried by the people who must not get through.

The endpoints come from the URL resolver (``walk.write_endpoints``): a new one is walked
without editing this file, with the default door below (an enterprise of another
organisation, and a reviewer who sits on nothing). ``DOORS`` names, where it matters, the
better-placed person who still may not act — one who can see the object (403) rather than
one who cannot (404). Each attempt must be refused AND leave every table as it was.
"""


import pytest
from django.apps import apps
from rest_framework.test import APIClient

from tests.api.walk import concrete, seeded_world, write_endpoints
from tests.councils.helpers import ballot_items, council_people
from tests.factories import pdf
from workflows.services import open_desk_task

pytestmark = pytest.mark.django_db

# 405: the view class serves the URL but not that method (POST on ballots/mine/ is the
# draft's PUT; POST is only its submit/ twin).
REFUSED = {403, 404, 405}
# Framework bookkeeping that a refused request may touch (none is a case record).
UNTRACKED_APPS = {"sessions", "authtoken", "knox", "axes", "admin", "contenttypes"}


def snapshot():
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in UNTRACKED_APPS or model._meta.proxy:
            continue
        state[model._meta.label] = sorted(
            (tuple(sorted((k, repr(v)) for k, v in row.items()))
             for row in model.objects.values()), key=repr)
    return state


def changed_tables(before, after):
    return [label for label in before if before[label] != after.get(label)]


def doors(world, cast):
    """route → (unqualified user, body, the outsider's expected statuses)."""
    council = world.council
    fresh_expert = council_people(1)[0]
    host_org = cast.host.organisations.first()
    item_pk = apps.get_model("support", "SupportItem").objects.get(code="iso-9001").pk
    indicator = apps.get_model("pilots", "Indicator").objects.first()
    return {
        # Creating: the outsider names the host's organisation (a field error: the door is
        # in the body); a reviewer may not create at all.
        "api/tasks/": (cast.reviewer, {"title": "Đề xuất lạ", "kind": "research",
                                       "host": host_org.pk}, {400}),
        "api/organisations/": (world.officer, {"name": "Công ty trùng", "kind": "enterprise",
                                               "tax_code": host_org.tax_code}, {400}),
        # The host enterprise may see the case, not take the approver's step.
        "api/tasks/<int:pk>/transitions/<str:name>/": (cast.host, {"comment": "x"}, REFUSED),
        "api/tasks/<int:pk>/documents/": (world.officer, {"kind": "proposal_form",
                                                          "file": pdf()}, REFUSED),
        "api/councils/<int:pk>/conflict/": (cast.host, {"has_conflict": False}, REFUSED),
        "api/councils/<int:pk>/ballots/mine/": (world.officer,
                                                {"items": ballot_items(council)}, REFUSED),
        "api/councils/<int:pk>/ballots/mine/submit/": (world.officer,
                                                       {"items": ballot_items(council)},
                                                       REFUSED),
        "api/councils/<int:pk>/members/<int:member_pk>/presence/": (
            world.members[2], {"present": False}, REFUSED),
        "api/councils/<int:pk>/members/<int:member_pk>/replace/": (
            cast.other_officer, {"user": fresh_expert.pk}, REFUSED),
        "api/councils/<int:pk>/close/": (world.members[2], {}, REFUSED),
        "api/councils/<int:pk>/decide/": (world.officer, {"comment": "x"}, REFUSED),
        "api/support/cases/<int:case_id>/items/": (
            world.officer, {"item": item_pk, "cost_estimate": 10_000_000}, REFUSED),
        "api/support/cases/<int:case_id>/items/<int:item_id>/": (world.officer, {}, REFUSED),
        "api/support/cases/<int:case_id>/items/<int:item_id>/evidence/": (
            world.officer, {"certificate_number": "ISO-1"}, REFUSED),
        "api/support/cases/<int:case_id>/items/<int:item_id>/maintenance-check/": (
            world.officer, {"certificate_number": "ISO-1"}, REFUSED),
        "api/pilots/cases/<int:case_id>/steps/<int:step>/transitions/<slug:name>/": (
            world.officer, {}, REFUSED),
        "api/pilots/cases/<int:case_id>/steps/<int:step>/evidence/": (
            world.officer, {"file": pdf(), "title": "Ảnh"}, REFUSED),
        "api/pilots/cases/<int:case_id>/steps/<int:step>/measurements/": (
            world.officer, {"indicator": getattr(indicator, "pk", 1), "value": "1.5"},
            REFUSED),
        "api/pilots/cases/<int:case_id>/steps/<int:step>/owner/": (
            world.officer, {"owner": cast.host.pk}, REFUSED),
        # Desks: the outsider cannot see the case (404); the host may not take the
        # officer's desk, release what it does not hold, nor reassign (403).
        "api/desks/<int:task_id>/claim/": (cast.host, {}, REFUSED),
        "api/desks/<int:task_id>/release/": (cast.host, {}, REFUSED),
        "api/desks/<int:task_id>/reassign/": (
            world.officer, {"user": cast.other_officer.pk, "reason": "Cân đối"}, REFUSED),
        # Only the one away, or a lead, lays a delegation for them.
        "api/delegations/": (cast.reviewer, {
            "principal": world.officer.pk, "delegate": cast.other_officer.pk,
            "starts_on": "2026-12-01", "ends_on": "2026-12-05", "reason": "Vắng"}, REFUSED),
    }




def send(user, method, path, body):
    client = APIClient()
    client.force_authenticate(user)
    multipart = any(hasattr(v, "read") for v in body.values())
    for value in body.values():
        if hasattr(value, "seek"):
            value.seek(0)
    return getattr(client, method.lower())(path, body,
                                           format="multipart" if multipart else "json")


def test_every_write_endpoint_refuses_the_outsider_and_the_unqualified(cast):
    world = seeded_world(cast)
    table = doors(world, cast)
    # Credentials and the caller's own tokens: tests/accounts try those doors. Marking all
    # one's own notices read touches only the caller's rows (tests/notifications/
    # test_notice_centre.py checks another person's stay unread).
    own = {"api/auth/token/", "api/auth/logout/", "api/auth/logoutall/", "api/notices/read-all/"}
    endpoints = [(route, method) for route, method in write_endpoints() if route not in own]
    assert len(endpoints) >= 18
    answers, leaks = [], []
    for route, method in endpoints:
        unqualified, body, outsider_expects = table.get(route, (cast.reviewer, {}, REFUSED))
        path = concrete(route, world, task_id=open_desk_task(world.case).pk,
                        name="start" if route.startswith("api/pilots/") else "list_task")
        for who, user, expected in (("outsider", cast.other_host, outsider_expects),
                                    ("unqualified", unqualified, REFUSED)):
            before = snapshot()
            response = send(user, method, path, dict(body))
            after = snapshot()
            answers.append(f"{method} {path} {who}={response.status_code}")
            if response.status_code not in expected:
                leaks.append(f"{method} {route} {who} ({user}): {response.status_code} "
                             f"{response.content[:200]!r}")
            if changed_tables(before, after):
                leaks.append(f"{method} {route} {who}: changed {changed_tables(before, after)}")
    print("\n".join(answers))
    assert not leaks, "\n".join(leaks)
