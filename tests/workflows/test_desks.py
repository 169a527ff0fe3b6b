"""Desks people share and hand over: claim, release, reassign — through the page and the API,
refused with a reason for whoever is not entitled, and the process never disagrees with the
FSM afterwards."""

import pytest
from django.test import Client
from rest_framework.test import APIClient
from viewflow.workflow.status import STATUS

from notifications.models import Occurrence
from tasks_kh_cn.models import TaskCase, TransitionLog
from tasks_kh_cn.services.organisations import add_member, set_profile
from tests.factories import make_case, upload_required, user_with_role, walk
from workflows.permissions import HANDLE_PERM, has_object_perm
from workflows.roles import Role
from workflows.services import desk_and_process_agree, open_desk_task

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def page(user):
    client = Client()
    client.force_login(user)
    return client


def inbox_task_ids(user):
    return [i["task_id"] for i in api(user).get("/api/inbox/", {"kind": "task"}).json()["results"]]


@pytest.fixture
def colleague(cast):
    """A second member of the host organisation."""
    user = user_with_role(Role.ENTERPRISE, username="ent-colleague")
    add_member(organisation=cast.host.organisations.first(), user=user)
    set_profile(user=user, full_name="Nguyễn Thị Đồng Nghiệp")
    return user


@pytest.fixture
def lead(cast):
    user = user_with_role(Role.LEAD_OFFICER, username="lead")
    set_profile(user=user, full_name="Trần Văn Trưởng Phòng")
    return user


def test_a_member_claims_the_organisations_desk_and_releases_it(cast, colleague):
    case = make_case(cast.host)
    task = open_desk_task(case)
    assert task.owner_id is None
    assert task.pk in inbox_task_ids(colleague) and task.pk in inbox_task_ids(cast.host)

    claimed = api(colleague).post(f"/api/desks/{task.pk}/claim/")
    assert claimed.status_code == 200
    assert claimed.json()["owner_name"] == "Nguyễn Thị Đồng Nghiệp"
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED and task.owner == colleague
    # The queue's other member no longer sees it; a second claim is refused with who has it.
    assert task.pk not in inbox_task_ids(cast.host)
    again = api(cast.host).post(f"/api/desks/{task.pk}/claim/")
    assert again.status_code == 403 and "Nguyễn Thị Đồng Nghiệp" in again.json()["detail"]
    # Only who claimed it gives it back.
    assert api(cast.host).post(f"/api/desks/{task.pk}/release/").status_code == 403
    released = page(colleague).post(f"/desks/{task.pk}/release/")
    assert released.status_code == 302
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner_id is None
    assert task.pk in inbox_task_ids(cast.host)
    lines = list(TransitionLog.objects.filter(case=case).values_list("transition", flat=True))
    assert lines == ["claim_desk", "release_desk"]
    assert desk_and_process_agree(TaskCase.objects.get(pk=case.pk))


def test_the_claimer_submits_and_the_case_goes_on(cast, colleague):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    task = open_desk_task(case)
    assert page(colleague).post(f"/desks/{task.pk}/claim/").status_code == 302
    response = page(colleague).post(f"/cases/{case.pk}/transitions/submit/",
                                    {"expected_status": "draft"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == STATUS.DONE and task.owner == colleague
    assert desk_and_process_agree(TaskCase.objects.get(pk=case.pk))


def test_outsiders_and_people_of_other_queues_are_refused(cast):
    case = make_case(cast.host)
    task = open_desk_task(case)
    # Another enterprise cannot see the case at all: 404, on the API and the page.
    assert api(cast.other_host).post(f"/api/desks/{task.pk}/claim/").status_code == 404
    assert page(cast.other_host).post(f"/desks/{task.pk}/claim/").status_code == 404
    # The approver sees the case but is not of the organisation's queue: 403 with the reason.
    refused = api(cast.approver).post(f"/api/desks/{task.pk}/claim/")
    assert refused.status_code == 403 and refused.json()["detail"] == \
        "Việc này không thuộc nhóm của bạn."
    forbidden_page = page(cast.approver).post(f"/desks/{task.pk}/claim/")
    assert forbidden_page.status_code == 403
    assert "Việc này không thuộc nhóm của bạn." in forbidden_page.content.decode()
    assert api(cast.officer).post("/api/desks/999999/claim/").status_code == 404
    task.refresh_from_db()
    assert task.owner_id is None


def test_a_lead_reassigns_an_officer_desk_with_a_reason_and_the_case_follows(cast, lead):
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    task = open_desk_task(case)
    first, second = cast.officer, user_with_role(Role.OFFICER, username="officer-b")
    set_profile(user=second, full_name="Đỗ Thị Hằng")
    assert task.owner == first and task.pk in inbox_task_ids(first)

    # Nobody but a lead reassigns; a reason is required; the receiver must be an officer.
    url = f"/api/desks/{task.pk}/reassign/"
    refused = api(first).post(url, {"user": second.pk, "reason": "Cân đối"}, format="json")
    assert refused.status_code == 403 and "trưởng phòng" in refused.json()["detail"]
    no_reason = api(lead).post(url, {"user": second.pk, "reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    bad_user = api(lead).post(url, {"user": "abc", "reason": "Cân đối"}, format="json")
    assert bad_user.status_code == 400 and "user" in bad_user.json()["errors"]
    not_officer = api(lead).post(url, {"user": cast.host.pk, "reason": "Cân đối"}, format="json")
    assert not_officer.status_code == 403
    assert not_officer.json()["detail"] == "Người nhận phải là chuyên viên."

    done = page(lead).post(f"/desks/{task.pk}/reassign/",
                           {"user": second.pk, "reason": "Cân đối khối lượng công việc",
                            "next": "/workload/"})
    assert done.status_code == 302 and done.url == "/workload/"
    case = TaskCase.objects.get(pk=case.pk)
    assert case.assigned_officer == second
    assert has_object_perm(second, HANDLE_PERM, case)
    assert task.pk in inbox_task_ids(second) and task.pk not in inbox_task_ids(first)
    line = TransitionLog.objects.get(case=case, transition="reassign_desk")
    assert line.actor == lead and line.comment == "Cân đối khối lượng công việc"
    assert line.payload["to"] == "Đỗ Thị Hằng"
    history = page(cast.officer).get(f"/cases/{case.pk}/").content.decode()
    assert "Trần Văn Trưởng Phòng" in history and "giao lại việc" in history
    assert "Đỗ Thị Hằng" in history
    assert desk_and_process_agree(case)
    # The new owner is told (a notice after commit); the lead who acted is not.
    told = Occurrence.objects.get(event__code="desk_reassigned", case=case)
    assert told.addressees == [second.pk] and told.actor == lead
    assert told.context["reason"] == "Cân đối khối lượng công việc"
    # The new officer goes on with the case.
    from tests.factories import act

    case = act(case, "accept_proposal", second)
    assert desk_and_process_agree(case)


def test_the_workload_page_lists_officers_desks_for_the_lead_only(cast, lead):
    walk(make_case(cast.host, title="Đề tài đang chờ chuyên viên"), cast, until="accept_proposal")
    response = page(lead).get("/workload/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đề tài đang chờ chuyên viên" in html and "Giao lại" in html
    assert page(cast.officer).get("/workload/").status_code == 403
    assert page(cast.host).get("/workload/").status_code == 403
    # The menu leads there only those who may open it.
    assert 'href="/workload/"' in page(lead).get("/").content.decode()
    assert 'href="/workload/"' not in page(cast.officer).get("/").content.decode()


def test_a_delegate_acts_while_the_officer_is_away_and_the_history_says_so(cast):
    import datetime

    from django.utils import timezone

    from tasks_kh_cn.models import Delegation
    from tests.factories import act

    case = walk(make_case(cast.host), cast, until="accept_proposal")
    set_profile(user=cast.officer, full_name="Hoàng Minh Tuấn")
    stand_in = user_with_role(Role.OFFICER, username="stand-in")
    set_profile(user=stand_in, full_name="Đỗ Thị Hằng")
    today = timezone.localdate()
    task = open_desk_task(case)
    assert task.pk not in inbox_task_ids(stand_in)

    # The officer lays the delegation on the API; nobody else may lay it for them.
    body = {"principal": cast.officer.pk, "delegate": stand_in.pk, "starts_on": str(today),
            "ends_on": str(today + datetime.timedelta(days=5)), "reason": "Đi công tác"}
    assert api(cast.finance).post("/api/delegations/", body, format="json").status_code == 403
    wrong_role = api(cast.officer).post("/api/delegations/", {**body, "delegate": cast.host.pk},
                                        format="json")
    assert wrong_role.status_code == 400 and "delegate" in wrong_role.json()["errors"]
    backwards = api(cast.officer).post(
        "/api/delegations/", {**body, "ends_on": str(today - datetime.timedelta(days=1))},
        format="json")
    assert backwards.status_code == 400 and "ends_on" in backwards.json()["errors"]
    made = api(cast.officer).post("/api/delegations/", body, format="json")
    assert made.status_code == 201 and made.json()["delegate_name"] == "Đỗ Thị Hằng"

    stand_in = type(stand_in).objects.get(pk=stand_in.pk)  # a new request, a new user object
    assert task.pk in inbox_task_ids(stand_in)
    case = act(case, "accept_proposal", stand_in)
    line = TransitionLog.objects.get(case=case, transition="accept_proposal")
    assert line.actor == stand_in and line.on_behalf_of == cast.officer
    html = page(cast.officer).get(f"/cases/{case.pk}/").content.decode()
    assert "Đỗ Thị Hằng</strong> thay mặt <strong>Hoàng Minh Tuấn" in html
    assert desk_and_process_agree(case)

    # Once the delegation has ended, the stand-in is refused with the officer's reason.
    Delegation.objects.update(ends_on=today - datetime.timedelta(days=1),
                              starts_on=today - datetime.timedelta(days=3))
    other = walk(make_case(cast.host), cast, until="accept_proposal")
    stand_in = type(stand_in).objects.get(pk=stand_in.pk)
    refused = api(stand_in).post(f"/api/tasks/{other.pk}/transitions/accept_proposal/", {},
                                 format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Nhiệm vụ này được giao cho chuyên viên khác."


def test_the_delegation_page_lays_and_revokes(cast):
    import datetime

    from django.utils import timezone

    from tasks_kh_cn.models import Delegation

    stand_in = user_with_role(Role.OFFICER, username="stand-in")
    today = timezone.localdate()
    client = page(cast.officer)
    # Only those who could stand in are offered: another officer, not oneself, not the
    # approver or finance (who do not share the officer's desk).
    form = client.get("/delegations/").context["form"]
    offered = set(form.fields["delegate"].queryset.values_list("pk", flat=True))
    assert stand_in.pk in offered
    assert not offered & {cast.officer.pk, cast.approver.pk, cast.finance.pk}
    bad = client.post("/delegations/", {"principal": cast.officer.pk, "delegate": stand_in.pk,
                                        "starts_on": str(today), "ends_on": "",
                                        "reason": "Nghỉ phép"})
    assert bad.status_code == 400 and Delegation.objects.count() == 0
    assert "Nghỉ phép" in bad.content.decode()  # what was typed is kept
    ok = client.post("/delegations/", {"principal": cast.officer.pk, "delegate": stand_in.pk,
                                       "starts_on": str(today),
                                       "ends_on": str(today + datetime.timedelta(days=2)),
                                       "reason": "Nghỉ phép"})
    assert ok.status_code == 302
    delegation = Delegation.objects.get()
    assert page(cast.host).post(f"/delegations/{delegation.pk}/revoke/").status_code == 404
    assert client.post(f"/delegations/{delegation.pk}/revoke/").status_code == 302
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
