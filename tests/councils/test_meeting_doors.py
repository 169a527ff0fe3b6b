"""The meeting's doors, page and API: only the officer handling the case schedules, only
the council's secretary records attendance; someone not on the council gets a 404."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from notifications.models import Deadline
from tasks_kh_cn.councils.models import Meeting
from tasks_kh_cn.councils.services import declare_conflict, submit_ballot
from tasks_kh_cn.councils.services.meetings import schedule_meeting
from tasks_kh_cn.people import person_name
from tests.councils.helpers import ballot_items

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
LATER = (datetime.datetime.now(HCM) + datetime.timedelta(days=40)).replace(
    hour=8, minute=30, second=0, microsecond=0)
BODY = {"starts_at": LATER.strftime("%Y-%m-%dT%H:%M"), "place": "Phòng họp số 2",
        "agenda": "Phản biện, bỏ phiếu"}


def web(user):
    client = Client()
    client.force_login(user)
    return client


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_scheduling_doors_on_the_page_and_the_api(formed, cast):
    council, users = formed
    page = reverse("web:council-meeting", args=[council.pk])
    endpoint = f"/api/councils/{council.pk}/meeting/"
    # Not on the council: the council does not exist for them.
    for outsider in (cast.reviewer, cast.host, cast.other_host):
        assert web(outsider).post(page, BODY).status_code == 404
        assert api(outsider).put(endpoint, BODY, format="json").status_code == 404
    # On it, or in the department, but not the officer handling the case: refused.
    for member in (users[0], users[1], cast.approver, cast.other_officer):
        assert web(member).post(page, BODY).status_code == 403
        assert api(member).put(endpoint, BODY, format="json").status_code == 403
    assert not Meeting.objects.exists()
    assert Client().post(page, BODY).status_code == 302  # to the login page

    officer = council.case.assigned_officer
    bad = api(officer).put(endpoint, {**BODY, "place": ""}, format="json")
    assert bad.status_code == 400 and "place" in bad.json()["errors"]
    assert web(officer).post(page, BODY).status_code == 302
    shown = api(users[3]).get(endpoint)  # a member reads it
    assert shown.status_code == 200 and shown.json()["place"] == "Phòng họp số 2"
    detail = web(users[3]).get(reverse("web:council-detail", args=[council.pk]))
    assert "Phòng họp số 2" in detail.content.decode()
    assert api(cast.reviewer).get(endpoint).status_code == 404


def test_attendance_doors(formed, cast):
    council, users = formed
    schedule_meeting(council=council, by=council.case.assigned_officer, starts_at=LATER,
                     place="Phòng họp số 2", agenda="Bỏ phiếu")
    page = reverse("web:council-attendance", args=[council.pk])
    endpoint = f"/api/councils/{council.pk}/meeting/attendance/"
    members = list(council.members.values_list("pk", flat=True))
    for outsider in (cast.reviewer, cast.host):
        assert web(outsider).post(page, {"present": members}).status_code == 404
        assert api(outsider).post(endpoint, {"present": members},
                                  format="json").status_code == 404
    for not_secretary in (users[0], council.case.assigned_officer, cast.approver):
        assert web(not_secretary).post(page, {"present": members}).status_code == 403
        assert api(not_secretary).post(endpoint, {"present": members},
                                       format="json").status_code == 403
    # The secretary, before the meeting day: the wrong moment.
    early = api(users[1]).post(endpoint, {"present": members}, format="json")
    assert early.status_code == 409
    assert Meeting.objects.get().attendance_recorded_at is None


def test_the_roll_call_names_who_has_voted_and_that_an_absent_ballot_does_not_count(formed):
    council, users = formed
    schedule_meeting(council=council, by=council.case.assigned_officer, starts_at=LATER,
                     place="Phòng họp số 2", agenda="Bỏ phiếu")
    voter, waiting = users[2], users[3]
    for user in (voter, waiting):
        declare_conflict(council=council, user=user, has_conflict=False)
    submit_ballot(council=council, user=voter, items=ballot_items(council))
    secretary = web(users[1])
    page = secretary.get(reverse("web:council-detail", args=[council.pk])).content.decode()
    form = page[page.index('id="id_attendance_present"'):]
    form = form[:form.index("</form>")]
    assert f"{person_name(voter)} · " in form and f"{person_name(waiting)} · " in form
    voter_line = form[form.index(person_name(voter)):]
    assert voter_line[:voter_line.index("</label>")].endswith("· đã nộp phiếu")
    waiting_line = form[form.index(person_name(waiting)):]
    assert "đã nộp phiếu" not in waiting_line[:waiting_line.index("</label>")]
    assert "Phiếu của thành viên được ghi vắng mặt không được tính" in page
    secretary.cookies["django_language"] = "en"
    english = secretary.get(reverse("web:council-detail", args=[council.pk]),
                            HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "· ballot submitted" in english


def test_the_officer_records_the_papers_sent_and_the_deadline_is_met(formed, cast):
    """The papers deadline (working days before the meeting) closes when the officer says the
    papers went out, on the page or the API; a member, the host or an outsider cannot say so;
    moving the meeting afterwards owes no papers again."""
    council, users = formed
    officer = council.case.assigned_officer
    schedule_meeting(council=council, by=officer, starts_at=LATER, place="Phòng họp số 2",
                     agenda="Phản biện")
    code = f"council-{council.pk}-papers"
    page = reverse("web:council-papers-sent", args=[council.pk])
    endpoint = f"/api/councils/{council.pk}/meeting/papers-sent/"
    detail = web(officer).get(reverse("web:council-detail", args=[council.pk])).content.decode()
    assert 'id="papers-sent"' in detail
    assert web(cast.other_host).post(page).status_code == 404
    assert api(cast.other_host).post(endpoint).status_code == 404
    assert web(users[3]).post(page).status_code == 403  # a member
    assert api(users[3]).post(endpoint).status_code == 403
    assert Deadline.objects.get(case=council.case, code=code).status == "open"

    response = web(officer).post(page)
    assert response.status_code == 302
    papers = Deadline.objects.get(case=council.case, code=code)
    assert (papers.status, papers.closed_by_transition) == ("satisfied", "papers_sent")
    shown = web(officer).get(reverse("web:council-detail", args=[council.pk])).content.decode()
    assert person_name(officer) in shown and 'id="papers-sent"' not in shown
    again = api(officer).post(endpoint)
    assert again.status_code == 409
    assert api(officer).get(f"/api/councils/{council.pk}/meeting/").json()[
        "papers_sent_by"] == person_name(officer)

    schedule_meeting(council=council, by=officer, starts_at=LATER + datetime.timedelta(days=7),
                     place="Phòng họp số 2", agenda="Phản biện")
    assert not Deadline.objects.filter(case=council.case, code=code, status="open").exists()
