"""A client acts on the state it saw: a transition aimed at a status the case has left is 409.

Finding 9 of the trust issue: a ``withdraw`` aimed at a submitted proposal was applied to
the same proposal after the officer had returned it.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tasks_kh_cn.models import TaskCase, TransitionLog
from tests.factories import act, make_case, walk
from workflows.lifecycle import Status
from workflows.services import TransitionConflict, case_version, perform_transition

pytestmark = pytest.mark.django_db


def returned_behind_the_hosts_back(cast):
    """The host opened the submitted proposal; meanwhile the officer returned it."""
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    seen = TaskCase.objects.get(pk=case.pk)
    assert seen.status == Status.SUBMITTED
    act(case, "return_proposal", cast.officer, comment="Thiếu mục tiêu", due_working_days=5)
    return seen


def test_service_refuses_a_stale_expected_status_and_changes_nothing(cast):
    seen = returned_behind_the_hosts_back(cast)
    logged = TransitionLog.objects.filter(case=seen).count()
    with pytest.raises(TransitionConflict) as refused:
        perform_transition(case=seen, name="withdraw", user=cast.host,
                           data={"comment": "Rút"}, expected_status=Status.SUBMITTED)
    assert "Yêu cầu bổ sung" in refused.value.message and refused.value.status_code == 409
    assert TaskCase.objects.get(pk=seen.pk).status == Status.RETURNED
    assert TransitionLog.objects.filter(case=seen).count() == logged
    # Aimed at the status it really has, the same withdrawal goes through.
    done = perform_transition(case=seen, name="withdraw", user=cast.host,
                              data={"comment": "Rút"}, expected_status=Status.RETURNED)
    assert done.status == Status.WITHDRAWN


def test_api_expected_status_in_the_body_answers_409(cast):
    seen = returned_behind_the_hosts_back(cast)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(cast.host)
    response = client.post(f"/api/tasks/{seen.pk}/transitions/withdraw/",
                           {"comment": "Rút", "expected_status": "submitted"}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "The task has moved to “Additions requested” since you opened it; review it before you act.")
    assert TaskCase.objects.get(pk=seen.pk).status == Status.RETURNED


def test_api_if_match_with_the_etag_read(cast):
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    client = APIClient()
    client.force_authenticate(cast.host)
    detail = client.get(f"/api/tasks/{case.pk}/")
    etag = detail["ETag"]
    assert etag == f'"{case_version(TaskCase.objects.get(pk=case.pk))}"'
    act(case, "return_proposal", cast.officer, comment="Thiếu mục tiêu", due_working_days=5)
    stale = client.post(f"/api/tasks/{case.pk}/transitions/withdraw/", {"comment": "Rút"},
                        format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 409
    assert TaskCase.objects.get(pk=case.pk).status == Status.RETURNED
    fresh = client.get(f"/api/tasks/{case.pk}/")["ETag"]
    assert fresh != etag
    done = client.post(f"/api/tasks/{case.pk}/transitions/withdraw/", {"comment": "Rút"},
                       format="json", HTTP_IF_MATCH=fresh)
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    assert done["ETag"] != fresh


def test_the_page_sends_the_status_it_showed_and_a_stale_form_does_nothing(cast):
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    browser = Client()
    browser.force_login(cast.host)
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="expected_status" value="submitted"' in page
    act(case, "return_proposal", cast.officer, comment="Thiếu mục tiêu", due_working_days=5)
    response = browser.post(f"/cases/{case.pk}/transitions/withdraw/",
                            {"comment": "Rút", "expected_status": "submitted"})
    assert response.status_code == 409
    assert "kể từ khi bạn mở" in response.content.decode()
    assert TaskCase.objects.get(pk=case.pk).status == Status.RETURNED
