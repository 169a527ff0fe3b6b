"""Organisations: NĐ 80/2021 size classes, restrictions, membership and its permissions."""

import datetime

import pytest

from tasks_kh_cn.models import SizeClass, classify_size
from tests.factories import make_enterprise_user, make_organisation

pytestmark = pytest.mark.django_db

BN = 1_000_000_000


@pytest.mark.parametrize("sector,staff,revenue,capital,expected", [
    ("production", 10, 3 * BN, None, SizeClass.MICRO),          # both limits exactly
    ("production", 11, 3 * BN, None, SizeClass.SMALL),          # one more insured worker
    ("production", 10, 3 * BN + 1, 3 * BN + 1, SizeClass.SMALL),
    ("production", 10, 9 * BN, 3 * BN, SizeClass.MICRO),        # capital alone suffices
    ("production", 100, 50 * BN, None, SizeClass.SMALL),
    ("production", 101, 10 * BN, None, SizeClass.MEDIUM),
    ("production", 200, 200 * BN, 500 * BN, SizeClass.MEDIUM),
    ("production", 201, 1 * BN, 1 * BN, SizeClass.LARGE),
    ("trade_services", 10, 10 * BN, None, SizeClass.MICRO),
    ("trade_services", 50, 100 * BN, None, SizeClass.SMALL),
    ("trade_services", 51, 100 * BN, None, SizeClass.MEDIUM),
    ("trade_services", 100, 300 * BN + 1, 100 * BN + 1, SizeClass.LARGE),
])
def test_size_classes_of_decree_80(sector, staff, revenue, capital, expected):
    assert classify_size(sector, staff, revenue, capital) == expected


def test_restriction_ends_on_its_date():
    org = make_organisation(restricted_from_calls=True, restriction_reason="Nợ hoàn trả kinh phí",
                            restricted_until=datetime.date(2026, 12, 31))
    assert org.is_restricted(datetime.date(2026, 12, 31))
    assert not org.is_restricted(datetime.date(2027, 1, 1))


def test_restriction_needs_a_reason():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        make_organisation(restricted_from_calls=True)
    assert "restriction_reason" in refused.value.message_dict


def test_members_act_through_the_organisation_group():
    user = make_enterprise_user()
    org = user.organisations.get()
    assert org.group is not None and user.groups.filter(pk=org.group_id).exists()
    assert user.groups.filter(name="enterprise").exists()
