"""The view ``tasks_kh_cn_userfact`` (tasks_kh_cn.models.facts) answers as the ORM does.

``workflows.permissions.know_roles_and_organisations`` reads who a user is from the view, in
one query; these tests build every kind of fact (roles, other groups, memberships, delegations
running, ended, not begun and revoked, a permission of one's own and a group's) and compare
what the request then knows with what the ORM says table by table. A change of the tables
under the view (Django's ``auth``, a membership, a delegation) fails here.
"""

import datetime

import pytest
from django.contrib.auth import backends as django_backends
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tasks_kh_cn.models import Delegation, Membership, UserFact
from tests.factories import UserFactory, make_enterprise_user, make_organisation, user_with_role
from workflows.permissions import global_permissions, know_roles_and_organisations
from workflows.roles import Role, user_group_ids, user_roles

pytestmark = pytest.mark.django_db
User = get_user_model()


def perm(codename, app_label="tasks_kh_cn"):
    return Permission.objects.get(codename=codename, content_type__app_label=app_label)


def fresh(user):
    return User.objects.get(pk=user.pk)


def delegate(principal, to, starts, ends, revoked=False):
    return Delegation.objects.create(
        principal=principal, delegate=to, starts_on=starts, ends_on=ends, reason="Đi công tác",
        created_by=principal, revoked_at=timezone.now() if revoked else None)


@pytest.fixture
def world():
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    officer = user_with_role(Role.OFFICER, username="facts_officer")
    officer.groups.add(Group.objects.create(name="tổ kiểm toán"))
    officer.groups.get(name="tổ kiểm toán").permissions.add(perm("change_organisation"))
    officer.user_permissions.add(perm("view_taskcase"))
    host = make_enterprise_user(username="facts_host")
    Membership.objects.create(user=host, organisation=make_organisation())
    away = [user_with_role(Role.OFFICER, username=f"facts_away{i}") for i in range(4)]
    delegate(away[0], officer, today - day, today + day)           # running
    delegate(away[1], officer, today - 10 * day, today - day)      # ended yesterday
    delegate(away[2], officer, today + day, today + 5 * day)       # not begun
    delegate(away[3], officer, today - day, today + day, revoked=True)
    delegate(away[0], host, today, today)                          # today only
    return {"officer": officer, "host": host, "nobody": UserFactory(username="facts_nobody"),
            "superuser": UserFactory(username="facts_root", is_superuser=True), "away": away}


@pytest.mark.parametrize("who", ["officer", "host", "nobody", "superuser"])
def test_what_a_request_knows_is_what_the_tables_say(world, who):
    user = fresh(world[who])
    for content_type in ContentType.objects.all():  # Django's cache, warm in a running site
        ContentType.objects.get_for_id(content_type.pk)
    with CaptureQueriesContext(connection) as captured:
        know_roles_and_organisations(user)
    assert len(captured) == 1, [query["sql"] for query in captured]
    assert "tasks_kh_cn_userfact" in captured[0]["sql"]

    groups = list(world[who].groups.values_list("pk", "name"))
    roles = {name for _pk, name in groups if name in Role.values}
    assert user_roles(user) == roles | ({Role.ADMIN} if user.is_superuser else set())
    assert user_group_ids(user) == {pk for pk, _name in groups}
    assert user._khcn_organisations == set(world[who].organisations.values_list("pk", flat=True))
    assert user._khcn_principal_ids == set(
        world[who].delegations_received.active().values_list("principal_id", flat=True))
    if user.is_superuser:
        assert not hasattr(user, "_khcn_perms")  # a superuser's are all, read apart
    else:
        assert user._khcn_perms == django_backends.ModelBackend().get_all_permissions(
            fresh(world[who]))
    # Nothing more is read for the rest of the request.
    with CaptureQueriesContext(connection) as captured:
        know_roles_and_organisations(user)
        if not user.is_superuser:
            global_permissions(user)
        user_roles(user)
    assert len(captured) == 0


def test_only_the_delegations_running_today_count(world):
    user = fresh(world["officer"])
    know_roles_and_organisations(user)
    assert user._khcn_principal_ids == {world["away"][0].pk}
    host = fresh(world["host"])
    know_roles_and_organisations(host)
    assert host._khcn_principal_ids == {world["away"][0].pk}


def test_each_row_of_the_view_has_its_own_key(world):
    keys = list(UserFact.objects.values_list("key", flat=True))
    assert keys and len(keys) == len(set(keys))
    officer = world["officer"]
    kinds = list(officer.facts.values_list("kind", flat=True))
    # Two groups (the role and the audit team); the three delegations not revoked (their
    # dates are tested in Python); a row per permission of their own and per group's.
    assert kinds.count("group") == 2 and kinds.count("principal") == 3
    assert kinds.count("perm") == (officer.user_permissions.count()
                                   + Permission.objects.filter(group__user=officer).count())
    assert kinds.count("organisation") == 0


def test_a_change_is_seen_by_the_next_request(world):
    officer = world["officer"]
    officer.groups.remove(Group.objects.get(name=Role.OFFICER))
    Delegation.objects.filter(delegate=officer).update(revoked_at=timezone.now())
    user = fresh(officer)
    know_roles_and_organisations(user)
    assert Role.OFFICER not in user_roles(user)
    assert user._khcn_principal_ids == frozenset()
