"""The login backend (tasks_kh_cn.auth_backend): Django's ModelBackend asking less.

Its permission answers are compared with Django's own ModelBackend's for every kind of user,
so a change of Django's rules (who holds what) fails here; the query counts pin what it saves.
"""

import pytest
from django.contrib.auth import backends as django_backends
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tasks_kh_cn.auth_backend import ModelBackend
from tasks_kh_cn.people import person_name
from tasks_kh_cn.services.organisations import set_profile
from tests.factories import UserFactory, make_enterprise_user, user_with_role
from workflows.permissions import organisations_of
from workflows.roles import Role, forget_roles, has_role

pytestmark = pytest.mark.django_db
User = get_user_model()


def perm(codename, app_label="tasks_kh_cn"):
    return Permission.objects.get(codename=codename, content_type__app_label=app_label)


def fresh(user):
    return User.objects.get(pk=user.pk)


def people():
    """One user of each kind: none, their own permission, a group's, both, inactive, superuser."""
    nobody = UserFactory()
    own = UserFactory()
    own.user_permissions.add(perm("view_taskcase"))
    grouped = user_with_role(Role.OFFICER)
    group = Group.objects.create(name="kiểm toán")
    group.permissions.add(perm("view_taskcase"), perm("change_organisation"))
    grouped.groups.add(group)
    both = make_enterprise_user()
    both.user_permissions.add(perm("change_organisation"))
    both.groups.add(group)
    inactive = UserFactory(is_active=False)
    inactive.user_permissions.add(perm("view_taskcase"))
    superuser = UserFactory(is_superuser=True)
    return [nobody, own, grouped, both, inactive, superuser]


def test_the_permissions_are_djangos_for_every_kind_of_user():
    django = django_backends.ModelBackend()
    ours = ModelBackend()
    everyone = people()
    for user in everyone:
        expected = django.get_all_permissions(fresh(user))
        assert ours.get_all_permissions(fresh(user)) == expected, user.username
        for name in ("tasks_kh_cn.view_taskcase", "tasks_kh_cn.change_organisation",
                     "auth.add_user"):
            assert ours.has_perm(fresh(user), name) == django.has_perm(fresh(user), name)
        assert ours.has_module_perms(fresh(user), "tasks_kh_cn") == \
            django.has_module_perms(fresh(user), "tasks_kh_cn")
    # A permission asked about one object is guardian's business, not this backend's.
    assert ours.get_all_permissions(fresh(everyone[1]), obj=object()) == set()


def test_the_roles_organisations_and_permissions_come_in_one_query(django_assert_num_queries):
    user = make_enterprise_user()
    user.user_permissions.add(perm("view_taskcase"))
    user = fresh(user)
    with django_assert_num_queries(1):
        assert user.has_perm("tasks_kh_cn.view_taskcase")
        assert not user.has_perm("tasks_kh_cn.change_organisation")
        assert has_role(user, Role.ENTERPRISE)
        assert len(organisations_of(user)) == 1
    # Roles read first (one query): the permissions then cost one more, not two.
    user = fresh(user)
    with django_assert_num_queries(2):
        assert has_role(user, Role.ENTERPRISE)
        assert user.has_perm("tasks_kh_cn.view_taskcase")


def test_a_group_change_is_seen_after_forget_roles():
    user = fresh(UserFactory())
    assert not user.has_perm("tasks_kh_cn.view_taskcase")
    group = Group.objects.create(name="xem tất cả")
    group.permissions.add(perm("view_taskcase"))
    user.groups.add(group)
    forget_roles(user)
    assert user.has_perm("tasks_kh_cn.view_taskcase")


def test_the_user_of_a_session_comes_with_their_profile(client, django_assert_num_queries):
    user = UserFactory()
    profile = set_profile(user=user, full_name="Lê Thị Hồng")
    profile.academic_title = "TS."
    profile.save()
    loaded = ModelBackend().get_user(user.pk)
    with django_assert_num_queries(0):
        assert person_name(loaded) == "TS. Lê Thị Hồng"
    # Without a profile the login names them, and asking costs nothing either.
    bare = ModelBackend().get_user(UserFactory(username="khong_ho_so").pk)
    with django_assert_num_queries(0):
        assert person_name(bare) == "khong_ho_so"
    # An inactive user's session opens nothing.
    assert ModelBackend().get_user(UserFactory(is_active=False).pk) is None
    assert ModelBackend().get_user(10**9) is None
    # Through a real login, the header names the person.
    client.post("/accounts/login/", {"username": user.username, "password": "pw"})
    page = client.get(reverse("web:dashboard"))
    assert page.status_code == 200
    assert "Lê Thị Hồng" in page.content.decode()
