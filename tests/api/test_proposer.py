"""Issue 9, finding 2: a pilot model names as proposer only an authority the user belongs
to — one rule (``services.cases.proposer_errors``) behind the API, the page and
``pilots.services.propose_pilot_model``."""

import pytest

from tasks_kh_cn.models import TaskCase
from tests.api.test_tasks_api import client_for
from tests.factories import make_organisation
from tests.web.councils_pages import browser

pytestmark = pytest.mark.django_db


def test_the_api_refuses_an_authority_the_user_is_not_a_member_of(cast):
    authority = make_organisation(name="UBND huyện Nga Sơn", kind="authority")
    body = {"title": "Mô hình điểm Kaizen", "kind": "pilot_model", "proposer": authority.pk}
    refused = client_for(cast.host).post("/api/tasks/", body, format="json")
    assert refused.status_code == 400, refused.content
    assert refused.json()["errors"]["created_by"] == ["Người đề xuất phải thuộc cơ quan đề xuất."]
    page = browser(cast.host).post("/cases/new/", body)
    assert page.status_code == 400
    assert not TaskCase.objects.filter(proposer=authority).exists()

    # A member of that authority (who also belongs to the host enterprise) may name it.
    authority.memberships.create(user=cast.host)
    created = client_for(cast.host).post("/api/tasks/", body, format="json")
    assert created.status_code == 201, created.content
    assert TaskCase.objects.get(pk=created.json()["id"]).proposer == authority


def test_a_proposer_is_only_an_authority_and_only_on_a_pilot_model(cast):
    enterprise = cast.other_host.organisations.first()
    enterprise.memberships.create(user=cast.host)
    for kind, proposer in (("pilot_model", enterprise), ("research", enterprise)):
        refused = client_for(cast.host).post("/api/tasks/", {
            "title": "X", "kind": kind, "proposer": proposer.pk}, format="json")
        assert refused.status_code == 400, refused.content
        assert "proposer" in refused.json()["errors"], refused.content
    assert not TaskCase.objects.exists()
