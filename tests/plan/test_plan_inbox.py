"""Deadlines outside any case are on the desk of whoever owes them: the yearly report on the
officer in charge, a survey campaign's answer on each member of each surveyed establishment."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks_kh_cn.plan.reporting import open_yearly_report
from tasks_kh_cn.plan.survey import answer, open_campaign
from tests.factories import make_enterprise_user

pytestmark = pytest.mark.django_db


def api_items(client, kind="plan-deadline"):
    response = client.get("/api/inbox/", {"kind": kind})
    assert response.status_code == 200
    return response.json()["results"]


def test_the_officer_in_charge_has_the_yearly_report_on_the_desk_until_it_is_sent(client, cast):
    year = timezone.localdate().year
    report = open_yearly_report(year=year, officer=cast.officer)
    due = report.deadline.due_on
    client.force_login(cast.officer)
    page = client.get(reverse("web:inbox"), {"kind": "plan-deadline"}).content.decode()
    link = reverse("plan:report") + "#yearly"
    assert f"Báo cáo kết quả thực hiện Kế hoạch năm {year}" in page and link in page
    [item] = api_items(client)
    assert item["due"] == due.isoformat() and item["url"] == link
    assert item["case_id"] is None and item["case_code"] is None
    assert f"năm {year}" in item["label"]
    dashboard = client.get("/").content.decode()  # the dashboard's inbox box too
    assert link in dashboard and f"hạn {due:%d/%m/%Y}" in dashboard
    # The whole inbox counts it among the rest.
    assert any(i["kind"] == "plan-deadline" for i in client.get("/api/inbox/").json()["results"])
    # Another officer does not owe it; nor does an enterprise.
    client.force_login(cast.other_officer)
    assert api_items(client) == []
    client.force_login(cast.host)
    assert api_items(client) == []
    # The report page where it is done opens for its officer; recorded sent, it leaves the desk.
    client.force_login(cast.officer)
    assert client.get(reverse("plan:report")).status_code == 200
    assert client.post(reverse("plan:yearly-sent", args=[year])).status_code == 302
    assert api_items(client) == []
    page = client.get(reverse("web:inbox")).content.decode()
    assert f"Báo cáo kết quả thực hiện Kế hoạch năm {year}" not in page


def test_a_survey_campaign_is_on_each_members_desk_until_the_establishment_answers(client):
    member = make_enterprise_user()
    colleague = make_enterprise_user(organisation=member.organisations.get())
    other = make_enterprise_user()
    today = timezone.localdate()
    campaign = open_campaign(data={"title": "Cập nhật 6 tháng", "opens_on": today,
                                   "closed_on": today + datetime.timedelta(days=30)})
    client.force_login(member)
    [item] = api_items(client)
    assert item["url"] == reverse("plan:survey-mine")
    assert item["due"] == campaign.closed_on.isoformat() and "Cập nhật 6 tháng" in item["label"]
    assert reverse("plan:survey-mine") in client.get(reverse("web:inbox")).content.decode()
    assert client.get(item["url"]).status_code == 200
    client.force_login(other)
    [others] = api_items(client)
    assert others["label"] == item["label"]  # the other establishment owes its own answer
    # The establishment answers: gone from both its members' desks, not from the other's.
    answer(survey_round=campaign, organisation=member.organisations.get(), user=member,
           data={"management_systems": "ISO 9001"})
    for user in (member, colleague):
        client.force_login(user)
        assert api_items(client) == []
    client.force_login(other)
    assert len(api_items(client)) == 1


def test_the_inbox_page_costs_the_same_with_many_case_less_deadlines(client, cast,
                                                                      django_assert_max_num_queries):
    year = timezone.localdate().year
    open_yearly_report(year=year, officer=cast.officer)
    client.force_login(cast.officer)
    with django_assert_max_num_queries(60) as few:
        client.get("/api/inbox/", {"kind": "plan-deadline"})
    for later in range(1, 6):
        open_yearly_report(year=year + later, officer=cast.officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api_items(client)) == 6
