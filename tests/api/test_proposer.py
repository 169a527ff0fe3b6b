"""Issue 9, finding 2: a pilot model names as proposer only an authority the user belongs
to — one rule (``services.cases.proposer_errors``) behind the API, the page and
``pilots.services.propose_pilot_model``."""

import pytest
from django.utils.html import escape

from tasks_kh_cn.models import TaskCase
from tests.api.test_tasks_api import client_for
from tests.factories import make_organisation, make_pilot_call
from tests.web.councils_pages import browser

pytestmark = pytest.mark.django_db


def test_the_api_refuses_an_authority_the_user_is_not_a_member_of(cast):
    authority = make_organisation(name="UBND huyện Nga Sơn", kind="authority")
    body = {"title": "Mô hình điểm Kaizen", "kind": "pilot_model", "proposer": authority.pk,
            "call": make_pilot_call().pk, "requested_budget": 300_000_000}
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


@pytest.mark.parametrize("lang, agency, call", [
    ("vi", "Mô hình điểm cần cơ quan đề xuất (sở, ngành hoặc UBND cấp huyện).",
     "Mô hình điểm phải đăng ký theo một đợt thông báo."),
    ("en", "A pilot model needs its proposing agency (a department or a district People's "
           "Committee).", "A pilot model must answer a call."),
])
def test_a_pilot_model_without_its_agency_and_call_is_refused_when_created(cast, lang, agency,
                                                                             call):
    """The tester's draft TH-2026-0026: created without them, it could never be submitted
    (the submission asks the same rule) nor edited; now the page and the API refuse it, each
    error beside its field, and nothing is created."""
    body = {"title": "Mô hình điểm 5S", "kind": "pilot_model", "requested_budget": 300_000_000}
    refused = client_for(cast.host, lang).post("/api/tasks/", body, format="json")
    assert refused.status_code == 400, refused.content
    errors = refused.json()["errors"]
    assert errors["proposer"] == [agency] and errors["call"] == [call], errors
    page = browser(cast.host).post("/cases/new/", body, HTTP_ACCEPT_LANGUAGE=lang)
    assert page.status_code == 400
    form = page.context["form"]
    assert form.errors["proposer"] == [agency] and form.errors["call"] == [call]
    assert escape(agency) in page.content.decode() and escape(call) in page.content.decode()
    assert not TaskCase.objects.exists()


def test_a_pilot_model_with_its_agency_and_call_is_created(cast):
    authority = make_organisation(name="UBND huyện Nga Sơn", kind="authority")
    authority.memberships.create(user=cast.host)
    body = {"title": "Mô hình điểm 5S", "kind": "pilot_model", "proposer": authority.pk,
            "call": make_pilot_call().pk, "requested_budget": "300000000"}
    page = browser(cast.host).post("/cases/new/", body)
    case = TaskCase.objects.get()
    assert page.status_code == 302 and page["Location"] == f"/cases/{case.pk}/"
