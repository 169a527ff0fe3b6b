"""The admin names people by full name and writes money in the active language (the tester
saw "Chủ tịch: reviewer1 — TH-2026-0005", "enterprise1 @ Công ty …" and "Công cụ 5S
(13,500,000 VNĐ)" on Vietnamese admin pages). A changelist that shows __str__ reads what it
needs in its one query: its list_select_related."""

import pytest
from django.contrib import admin
from django.utils import translation

from tasks_kh_cn.councils.models import Ballot
from tasks_kh_cn.models import Membership
from tasks_kh_cn.services.organisations import set_profile
from tests.support.helpers import add, support_case
from tests.web.admin_helpers import logged_in, superuser
from tests.web.councils_pages import close_as, form_identification, vote

pytestmark = pytest.mark.django_db


def listed(model):
    """The model's rows as its changelist reads them."""
    return list(model.objects.select_related(*admin.site.get_model_admin(model).list_select_related))


def test_a_membership_is_named_by_the_persons_full_name(cast, django_assert_num_queries):
    set_profile(user=cast.host, full_name="Nguyễn Văn Chủ")
    cast.host.username = "dangnhap_ent"
    cast.host.save(update_fields=["username"])
    organisation = cast.host.organisations.first()
    [membership] = [m for m in listed(Membership) if m.user_id == cast.host.pk]
    with django_assert_num_queries(0):
        assert str(membership) == f"Nguyễn Văn Chủ @ {organisation.name}"
    page = logged_in(superuser()).get("/admin/tasks_kh_cn/membership/",
                                      HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Nguyễn Văn Chủ" in page and "dangnhap_ent" not in page
    assert "Người dùng" in page and "Tổ chức" in page  # the columns' names, in Vietnamese


def test_a_ballot_names_its_member_by_full_name(cast, django_assert_num_queries):
    council, users, case = form_identification(cast)
    for user in users:
        vote(council, user)
    set_profile(user=users[0], full_name="Lê Thị Chủ Tịch")
    assert close_as(council, users[1]).status_code == 302
    ballots = listed(Ballot)
    assert len(ballots) == len(users)
    with django_assert_num_queries(0):
        names = {ballot.member.user_id: str(ballot) for ballot in ballots}
    assert names[users[0].pk].startswith(f"Chủ tịch: Lê Thị Chủ Tịch — {case.code}"), names
    assert names[users[1].pk].startswith(f"Thư ký khoa học: {users[1].first_name} — "), names
    assert not any(user.username in name for user in users for name in names.values())
    assert names[users[0].pk].endswith("(phiên 1)")
    with translation.override("en"):
        assert str(ballots[0]).endswith("(round 1)")  # the round's word follows the language
    page = logged_in(superuser()).get("/admin/councils/ballot/",
                                      HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Chủ tịch: Lê Thị Chủ Tịch" in page and f"Chủ tịch: {users[0].username}" not in page


def test_a_support_item_request_writes_its_amount_in_the_active_language(cast):
    case = support_case(cast.host, cast)
    request = add(case, cast.host, "iso-22000", 13_500_000)
    assert request.requested_amount == 6_750_000
    with translation.override("vi"):
        assert str(request).endswith("(6.750.000 VNĐ)")
    with translation.override("en"):
        assert str(request).endswith("(6,750,000 VNĐ)")


def test_the_evidence_form_lists_requests_with_their_amounts_in_one_query(
        cast, django_assert_max_num_queries):
    case = support_case(cast.host, cast)
    add(case, cast.host, "iso-22000", 13_500_000)
    client = logged_in(superuser())
    client.get("/admin/support/supportevidence/add/")
    with django_assert_max_num_queries(40) as few:
        page = client.get("/admin/support/supportevidence/add/", HTTP_ACCEPT_LANGUAGE="vi")
    assert "(6.750.000 VNĐ)" in page.content.decode()
    add(case, cast.host, "iso-9001", 20_000_000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/admin/support/supportevidence/add/", HTTP_ACCEPT_LANGUAGE="vi")
