"""Issue 9, finding 2: who may take a seat is one rule (``forming.seat_errors``), the same
whether the officer uses the page, the API or calls the service."""

import pytest
from django.contrib.auth import get_user_model

from tasks_kh_cn.councils.errors import CouncilError
from tasks_kh_cn.councils.services import declare_conflict, replace_member
from tasks_kh_cn.selectors import visible_cases
from tests.councils.helpers import council_people
from tests.councils.test_api import client_for, url
from tests.web.councils_pages import browser, form_identification, page_of


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def conflicted(cast):
    council, users, case = form_identification(cast)
    declare_conflict(council=council, user=users[6], has_conflict=True, note="Người thân")
    return council, council.members.get(user=users[6]), case


def test_the_api_refuses_to_seat_an_enterprise_user_of_another_organisation(cast, conflicted):
    council, seat, case = conflicted
    officer = client_for(case.assigned_officer)
    refused = officer.post(url(council, f"members/{seat.pk}/replace/"),
                           {"user": cast.other_host.pk}, format="json")
    assert refused.status_code == 400, refused.content
    assert refused.json()["errors"]["user"] == [
        "Người này không có vai trò thành viên hội đồng hoặc thư ký."]
    assert not council.members.filter(user=cast.other_host).exists()
    assert not visible_cases(get_user_model().objects.get(pk=cast.other_host.pk)).filter(
        pk=case.pk).exists()

    # The same person through the page, and through the service: the same refusal.
    page = browser(case.assigned_officer).post(
        f"{page_of(council)}members/{seat.pk}/replace/", {f"m{seat.pk}-user": cast.other_host.pk})
    assert page.status_code == 400
    with pytest.raises(CouncilError) as refused_by_service:
        replace_member(council=council, member=seat, user=cast.other_host,
                       by=case.assigned_officer)
    assert "user" in refused_by_service.value.errors
    assert not council.members.filter(user=cast.other_host).exists()

    # An inactive expert is refused too; an active one takes the seat.
    expert, inactive = council_people(2)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    assert officer.post(url(council, f"members/{seat.pk}/replace/"), {"user": inactive.pk},
                        format="json").status_code == 400
    seated = officer.post(url(council, f"members/{seat.pk}/replace/"), {"user": expert.pk},
                          format="json")
    assert seated.status_code == 200, seated.content
    assert council.members.get(pk=seated.json()["member"]).user == expert


@pytest.mark.parametrize("bad", ["abc", "", None, [1], {"id": 1}, -3, 10**30, "1\x00"])
def test_a_replacement_that_is_not_a_user_id_is_a_field_error(conflicted, bad):
    council, seat, case = conflicted
    refused = client_for(case.assigned_officer).post(
        url(council, f"members/{seat.pk}/replace/"), {"user": bad}, format="json")
    assert refused.status_code == 400, (bad, refused.content)
    assert "user" in refused.json()["errors"]
    assert council.members.count() == 7


def test_forming_a_council_refuses_a_person_without_the_seat_role(cast):
    from tasks_kh_cn.councils.services import form_council
    from tests.councils.helpers import member_specs
    from tests.factories import make_case, walk

    case = walk(make_case(cast.host), cast, until="list_task")
    specs = member_specs([*council_people(6), cast.other_host])
    with pytest.raises(CouncilError) as refused:
        form_council(case=case, council_type="identification", members=specs,
                     by=case.assigned_officer)
    assert any("thành viên hội đồng hoặc thư ký" in e for e in refused.value.errors["members"])
    assert not case.councils.exists()
