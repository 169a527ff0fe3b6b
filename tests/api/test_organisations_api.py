"""Registering an organisation: tax code checked, the registrant becomes its representative."""

import pytest
from rest_framework.test import APIClient

from tasks_kh_cn.models import Membership, Organisation
from tasks_kh_cn.validators import tax_check_digit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def good_tax_code(head="280555123"):
    number = int(head)
    while tax_check_digit(f"{number:09d}") is None:
        number += 1
    return f"{number:09d}{tax_check_digit(f'{number:09d}')}"


def body(**overrides):
    data = {"name": "Công ty TNHH Chè Bá Thước", "kind": "enterprise",
            "tax_code": good_tax_code(), "district": "ba_thuoc", "size_class": "micro"}
    data.update(overrides)
    return data


def test_a_new_user_registers_the_organisation_and_can_then_propose(db):
    user = UserFactory(username="newcomer")
    response = client_for(user).post("/api/organisations/", body(), format="json")
    assert response.status_code == 201, response.content
    organisation = Organisation.objects.get(pk=response.json()["id"])
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert membership.role == "representative"
    user = type(user).objects.get(pk=user.pk)
    proposal = client_for(user).post("/api/tasks/", {"title": "Áp dụng VietGAP",
                                                     "kind": "enterprise_support"}, format="json")
    assert proposal.status_code == 201
    assert proposal.json()["organization"]["id"] == organisation.pk


def test_invalid_tax_code_is_a_vietnamese_field_error(db):
    user = UserFactory()
    code = good_tax_code()
    wrong = code[:9] + str((int(code[9]) + 1) % 10)
    response = client_for(user).post("/api/organisations/", body(tax_code=wrong), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["tax_code"] == [
        f"Mã số thuế {wrong} không hợp lệ: sai chữ số kiểm tra."]
    short = client_for(user).post("/api/organisations/", body(tax_code="12345"), format="json")
    assert short.status_code == 400
    assert short.json()["errors"]["tax_code"][0].startswith("Mã số thuế phải gồm 10 chữ số")
    assert not Organisation.objects.exists()


def test_duplicate_tax_code_is_refused(db):
    first = client_for(UserFactory()).post("/api/organisations/", body(), format="json")
    assert first.status_code == 201
    again = client_for(UserFactory()).post("/api/organisations/", body(name="Khác"),
                                           format="json")
    assert again.status_code == 400
    assert "tax_code" in again.json()["errors"]


def test_department_staff_do_not_register_and_see_all(cast):
    response = client_for(cast.officer).post("/api/organisations/", body(), format="json")
    assert response.status_code == 403
    assert Organisation.objects.count() == 2
    assert client_for(cast.officer).get("/api/organisations/").json()["count"] == 2
    mine = client_for(cast.host).get("/api/organisations/").json()
    assert [row["id"] for row in mine["results"]] == [cast.host.organisations.get().pk]
