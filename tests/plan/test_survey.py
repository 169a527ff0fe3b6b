"""The enterprise survey (plan 3.5, appendix 5.2): campaigns, answers, coverage, needs → proposals."""

import datetime
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from openpyxl import load_workbook

from notifications.models import Deadline, DeadlineStatus
from tasks_kh_cn.models import CaseKind
from tasks_kh_cn.plan.models import SurveyNeed, SurveyResponse, SurveyRound
from tasks_kh_cn.plan.survey import answer
from tasks_kh_cn.plan.survey_stats import campaign_figures
from tasks_kh_cn.support.models import SupportItem
from tests.factories import make_enterprise_user
from workflows.lifecycle import Status

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def open_round(client, cast, title="Khảo sát 6 tháng đầu năm"):
    client.force_login(cast.officer)
    response = client.post(reverse("plan:survey"), {
        "title": title, "opens_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "closed_on": (TODAY + datetime.timedelta(days=30)).isoformat()})
    assert response.status_code == 302, response.content
    return SurveyRound.objects.get(title=title)


def answer_data(items, needs):
    return {"management_systems": "ISO 9001:2015", "productivity_tools": "5S", "standards": "",
            "measurement": "", "technology": "", "applied_items": [i.pk for i in items],
            "needs_items": [i.pk for i in needs], "needs": "Cần tư vấn ISO 22000"}


def test_campaign_deadlines_are_owed_by_each_member_and_met_by_answering(client, cast):
    survey_round = open_round(client, cast)
    owed = Deadline.objects.filter(code=f"plan-survey-{survey_round.pk}")
    assert set(owed.values_list("owed_by_user", flat=True)) >= {cast.host.pk, cast.other_host.pk}
    assert owed.first().due_on == survey_round.closed_on and owed.first().case is None
    items = list(SupportItem.objects.all()[:3])
    client.force_login(cast.host)
    org = cast.host.organisations.first()
    page = client.post(reverse("plan:survey-answer", args=[survey_round.pk, org.pk]),
                       answer_data(items[:1], items[1:3]))
    assert page.status_code == 302
    response = SurveyResponse.objects.get(survey_round=survey_round, organisation=org)
    assert response.respondent == cast.host and response.stated_needs.count() == 2
    assert owed.get(owed_by_user=cast.host).status == DeadlineStatus.SATISFIED
    assert owed.get(owed_by_user=cast.other_host).status == DeadlineStatus.OPEN


def test_a_campaign_longer_than_six_months_is_refused_field_by_field(client, cast):
    client.force_login(cast.officer)
    response = client.post(reverse("plan:survey"), {
        "title": "Quá dài", "opens_on": "2025-01-01", "closed_on": "2025-12-31"})
    assert response.status_code == 400 and "closed_on" in response.context["form"].errors


def test_the_campaigns_page_says_when_the_next_update_is_due(client, cast):
    closed = TODAY - datetime.timedelta(days=300)
    SurveyRound.objects.create(title="Đợt cũ", opens_on=closed - datetime.timedelta(days=30),
                               closed_on=closed)
    client.force_login(cast.officer)
    page = client.get(reverse("plan:survey"))
    assert page.context["next_due"] == closed + relativedelta(months=6)
    assert "Đã quá hạn cập nhật 6 tháng." in page.content.decode()


def test_an_enterprise_cannot_see_or_answer_for_another(client, cast):
    survey_round = open_round(client, cast)
    items = list(SupportItem.objects.all()[:2])
    other_org = cast.other_host.organisations.first()
    answer(survey_round=survey_round, organisation=other_org, user=cast.other_host,
           data=answer_data(items[:1], items[1:]))
    need = SurveyNeed.objects.get()
    client.force_login(cast.host)
    assert client.get(reverse("plan:survey-answer", args=[survey_round.pk, other_org.pk])
                      ).status_code == 404
    assert client.post(reverse("plan:survey-propose", args=[need.pk])).status_code == 404
    mine = client.get(reverse("plan:survey-mine")).content.decode()
    assert other_org.name not in mine
    for url in (reverse("plan:survey"), reverse("plan:survey-campaign", args=[survey_round.pk]),
                reverse("plan:survey-export", args=[survey_round.pk])):
        assert client.get(url).status_code == 403


def test_a_need_becomes_a_draft_support_proposal_traced_back_in_one_click(client, cast):
    survey_round = open_round(client, cast)
    item = SupportItem.objects.first()
    org = cast.host.organisations.first()
    answer(survey_round=survey_round, organisation=org, user=cast.host,
           data=answer_data([], [item]))
    need = SurveyNeed.objects.get()
    client.force_login(cast.host)
    response = client.post(reverse("plan:survey-propose", args=[need.pk]))
    need.refresh_from_db()
    case = need.proposal
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/")
    assert case.kind == CaseKind.ENTERPRISE_SUPPORT and case.status == Status.DRAFT
    assert case.host == org and item.name in case.title and survey_round.title in case.summary
    assert case.survey_need == need
    client.post(reverse("plan:survey-propose", args=[need.pk]))  # a second click: no second case
    assert SurveyNeed.objects.get().proposal == case
    # Answering again keeps the need that became a proposal.
    answer(survey_round=survey_round, organisation=org, user=cast.host, data=answer_data([], []))
    assert SurveyNeed.objects.get().proposal == case
    assert campaign_figures([survey_round])[0].proposals == 1


def test_officers_compare_campaigns_and_export_in_fixed_queries(client, cast,
                                                                django_assert_max_num_queries):
    first = open_round(client, cast, "Đợt 1")
    second = open_round(client, cast, "Đợt 2")
    items = list(SupportItem.objects.all()[:2])
    answer(survey_round=first, organisation=cast.host.organisations.first(), user=cast.host,
           data=answer_data(items[:1], items[1:]))
    for survey_round in (first, second):
        answer(survey_round=survey_round, organisation=cast.other_host.organisations.first(),
               user=cast.other_host, data=answer_data([], items[:1]))
    for _ in range(3):
        host = make_enterprise_user()
        answer(survey_round=second, organisation=host.organisations.first(), user=host,
               data=answer_data([], []))
    figures = {f.survey_round.title: f for f in campaign_figures([first, second])}
    assert (figures["Đợt 1"].respondents, figures["Đợt 2"].respondents) == (2, 4)
    assert figures["Đợt 1"].areas["management_systems"] == 2
    client.force_login(cast.officer)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("plan:survey")).status_code == 200
    with django_assert_max_num_queries(20):
        page = client.get(reverse("plan:survey-campaign", args=[second.pk]))
    assert page.status_code == 200
    sheet = load_workbook(io.BytesIO(client.get(reverse("plan:survey-export", args=[second.pk]))
                                     .content)).active
    assert sheet.max_row == 1 + 4 and sheet.cell(1, 2).value == "Mã số thuế"
