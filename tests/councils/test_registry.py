"""The experts registry (issue 11 point 2): search by field, a council formed from it,
its struck-off and conflicted experts, and the API's doors."""

import pytest
from rest_framework.test import APIClient

from tasks_kh_cn.councils.errors import CouncilError
from tasks_kh_cn.councils.experts import past_conflicts, search_experts
from tasks_kh_cn.councils.models import Conflict, Expert, ExpertConflict, ExpertiseField
from tasks_kh_cn.councils.services import form_council
from tasks_kh_cn.councils.services.forming import eligible_people, seat_errors
from tests.councils.helpers import council_people, member_specs
from tests.factories import make_enterprise_user

pytestmark = pytest.mark.django_db


def register(users, *fields, **extra):
    experts = []
    for user in users:
        expert = Expert.objects.create(user=user, degree="doctor", **extra)
        expert.fields.set(fields)
        experts.append(expert)
    return experts


@pytest.fixture
def agriculture():
    return ExpertiseField.objects.create(code="nong-nghiep", name="Nông nghiệp")


@pytest.fixture
def medicine():
    return ExpertiseField.objects.create(code="y-duoc", name="Y dược")


def test_a_council_is_formed_from_the_registry_searched_by_field(
        identification_case, agriculture, medicine):
    agronomists = council_people(7)
    doctors = council_people(2)
    register(agronomists, agriculture)
    register(doctors, medicine)

    found = list(search_experts(field="nong-nghiep"))
    assert {e.user_id for e in found} == {u.pk for u in agronomists}
    assert set(eligible_people(field="nong-nghiep")) == set(agronomists)
    assert all(e.councils_served == 0 for e in found)

    council = form_council(case=identification_case, council_type="identification",
                           members=member_specs([e.user for e in found]),
                           by=identification_case.assigned_officer)

    assert {m.user_id for m in council.members.all()} == {u.pk for u in agronomists}
    assert all(e.councils_served == 1 for e in search_experts(field="nong-nghiep"))
    assert all(e.councils_served == 0 for e in search_experts(field="y-duoc"))


def test_a_struck_off_expert_cannot_take_a_seat(identification_case, agriculture):
    people = council_people(7)
    struck = register(people[-1:], agriculture, active=False)[0]
    assert seat_errors(struck.user)
    assert struck.user not in eligible_people()
    assert struck.pk not in [e.pk for e in search_experts(field="nong-nghiep")]
    with pytest.raises(CouncilError) as refused:
        form_council(case=identification_case, council_type="identification",
                     members=member_specs(people), by=identification_case.assigned_officer)
    assert "members" in refused.value.errors


def test_an_expert_the_registry_ties_to_the_host_is_excluded_and_it_is_remembered(
        identification_case, agriculture):
    people = council_people(7)
    host = identification_case.host
    tied = register(people[-1:], agriculture, organisation=host)[0]
    other = register(people[-2:-1], agriculture)[0]
    ExpertConflict.objects.create(expert=other, organisation=host, note="Vợ là giám đốc")

    council = form_council(case=identification_case, council_type="identification",
                           members=member_specs(people), by=identification_case.assigned_officer)

    excluded = {m.user_id for m in council.members.filter(conflict=Conflict.AUTOMATIC)}
    assert excluded == {tied.user_id, other.user_id}
    assert [row["council"] for row in past_conflicts(tied)] == [council.pk]
    assert {row["note"] for row in past_conflicts(other)} >= {"Vợ là giám đốc"}
    assert search_experts().get(pk=tied.pk).council_conflicts == 1


def test_the_registry_api_is_the_departments(cast, agriculture, medicine,
                                            django_assert_max_num_queries):
    register(council_people(6), agriculture)
    register(council_people(3), medicine)
    client = APIClient()
    for outsider in (cast.host, cast.reviewer, make_enterprise_user()):
        client.force_authenticate(outsider)
        assert client.get("/api/councils/experts/").status_code == 403
    client.force_authenticate(None)
    assert client.get("/api/councils/experts/").status_code in (401, 403)

    client.force_authenticate(cast.officer)
    with django_assert_max_num_queries(6):
        response = client.get("/api/councils/experts/", {"field": "nong-nghiep"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 6
    assert rows[0]["expertise"] == [{"code": "nong-nghiep", "name": "Nông nghiệp"}]
    assert rows[0]["degree"] == "Tiến sĩ" and rows[0]["councils_served"] == 0
    assert not rows[0]["name"].startswith("hd")  # the full name, never the login


def test_the_registry_is_kept_in_the_admin_and_meeting_rules_are_never_edited_in_place(
        agriculture):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tasks_kh_cn.councils.models import MeetingRule

    register(council_people(2), agriculture)
    admin = get_user_model().objects.create_superuser("root", "root@example.vn", "pw")
    client = Client()
    client.force_login(admin)
    listing = client.get(f"/admin/councils/expert/?fields__id__exact={agriculture.pk}")
    assert listing.status_code == 200
    rule = MeetingRule.objects.get(council_type="identification")
    change = f"/admin/councils/meetingrule/{rule.pk}/change/"
    assert client.get(change).status_code == 200  # shown read-only
    assert client.post(change, {"papers_working_days": 1}).status_code == 403
    assert MeetingRule.objects.get(pk=rule.pk).papers_working_days == 5


def test_the_registry_page_searches_by_field_for_the_department_only(
        cast, agriculture, medicine, django_assert_max_num_queries):
    from django.test import Client

    register(council_people(5), agriculture)
    doctor = register(council_people(1), medicine)[0]
    page = "/councils/experts/"
    assert Client().get(page).status_code == 302  # to the login page
    for outsider in (cast.host, cast.reviewer):
        client = Client()
        client.force_login(outsider)
        assert client.get(page).status_code == 403
    client = Client()
    client.force_login(cast.officer)
    client.get(page)  # the session and the user's roles, read once
    with django_assert_max_num_queries(10):
        response = client.get(page, {"field": "y-duoc"})
    html = response.content.decode()
    assert response.status_code == 200
    assert doctor.user.first_name in html and "Tiến sĩ" in html
    assert html.count("<tr>") == 2  # the header and the one physician
