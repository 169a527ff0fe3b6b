"""Shared by the council page tests: people, a formed council, page posts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tasks_kh_cn.councils.models import CouncilMember
from tasks_kh_cn.councils.services import declare_conflict, form_council, submit_ballot
from tests.councils.helpers import ballot_items, council_people, member_specs
from tests.factories import make_case, walk

SECRET = "Nhận xét riêng của thành viên số ba"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def form_identification(cast, size=7, case=None):
    case = case or walk(make_case(cast.host), cast, until="list_task")
    users = council_people(size)
    council = form_council(case=case, council_type="identification",
                           members=member_specs(users), by=case.assigned_officer,
                           number="12/QĐ-SKHCN")
    return council, users, case


def page_of(council):
    return f"/councils/{council.pk}/"


def ballot_post(council, items, action="submit", comment=""):
    dossier = council.dossiers.get()
    data = {"dossier": dossier.pk, "action": action, f"d{dossier.pk}-comment": comment}
    if action == "submit":
        data[f"d{dossier.pk}-confirm"] = "on"  # submitting is final: the member confirms
    for code, value in items.items():
        for key in ("score", "rating"):
            if key in value:
                data[f"d{dossier.pk}-v_{code}"] = value[key]
        data[f"d{dossier.pk}-c_{code}"] = value.get("comment", "")
    return data


def vote(council, user, comment=""):
    if CouncilMember.objects.get(council=council, user=user).conflict == "undeclared":
        declare_conflict(council=council, user=user, has_conflict=False)
    items = ballot_items(council)
    for value in items.values():
        value["comment"] = comment
    submit_ballot(council=council, user=user, items=items)


def close_as(council, secretary):
    return browser(secretary).post(f"{page_of(council)}close/", {"confirm": "on"})


def _queries(user, url):
    client = browser(user)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)
