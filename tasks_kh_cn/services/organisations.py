"""Organisations and their members. Each organisation has a permission group."""

from django.contrib.auth.models import Group
from django.db import transaction

from tasks_kh_cn.models import Membership, Organisation, Profile
from workflows.permissions import forget_object_permissions
from workflows.roles import Role, forget_roles


def _ensure_group(organisation: Organisation) -> Group:
    if organisation.group_id is None:
        group, _ = Group.objects.get_or_create(name=f"org:{organisation.pk}")
        organisation.group = group
        organisation.save(update_fields=["group"])
    return organisation.group


@transaction.atomic
def create_organisation(**fields) -> Organisation:
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    _ensure_group(organisation)
    return organisation


@transaction.atomic
def add_member(*, organisation: Organisation, user, role=Membership.Role.STAFF) -> Membership:
    """Make ``user`` act for ``organisation``: membership, the org group, the enterprise role."""
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    group = _ensure_group(organisation)
    user.groups.add(group, Group.objects.get_or_create(name=Role.ENTERPRISE)[0])
    # Our own per-request caches; Django's permission cache is its own (re-fetch the user).
    forget_roles(user)
    forget_object_permissions(user)
    return membership


def set_profile(*, user, full_name: str, mobile: str = "", position: str = "") -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"full_name": full_name})
    profile.full_name = full_name
    profile.mobile = mobile
    profile.position = position
    profile.full_clean()
    profile.save()
    return profile
