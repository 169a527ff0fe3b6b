"""Publicity of model enterprises linked to their case (plan 3.6), national quality awards."""

import datetime

import pytest
from django.urls import reverse

from tasks_kh_cn.models import CaseKind
from tasks_kh_cn.plan.models import PlanTarget, Publicity, QualityAward
from tasks_kh_cn.plan.selectors import plan_progress
from tests.factories import make_case

pytestmark = pytest.mark.django_db
M = PlanTarget.Measure


def test_publicity_linked_to_its_case_counts_the_enterprise_once(client, cast):
    org = cast.host.organisations.first()
    pilot = make_case(cast.host, kind=CaseKind.PILOT_MODEL)
    research = make_case(cast.host)
    client.force_login(cast.officer)
    data = {"organisation": org.tax_code, "case": pilot.code, "published_on": "2024-05-02",
            "channel": "Đài PT-TH Thanh Hóa", "title": "Mô hình điểm ISO",
            "link": "https://baothanhhoa.vn/mo-hinh"}
    assert client.post(reverse("plan:publicity"), {**data, "publicity": "1"}).status_code == 302
    assert Publicity.objects.get().case == pilot
    client.post(reverse("plan:publicity"), {**data, "title": "Lần 2", "case": "", "publicity": "1"})
    row = next(r for r in plan_progress(datetime.date(2024, 12, 31))
               if r.measure == M.MODEL_ENTERPRISES_PUBLICISED)
    assert row.value == 1
    other = cast.other_host.organisations.first()
    bad = client.post(reverse("plan:publicity"), {
        **data, "organisation": other.tax_code, "publicity": "1", "link": "javascript:alert(1)"})
    assert bad.status_code == 400
    assert set(bad.context["publicity_form"].errors) == {"case", "link"}
    research_refused = client.post(reverse("plan:publicity"), {**data, "case": research.code,
                                                                "publicity": "1"})
    assert "case" in research_refused.context["publicity_form"].errors
    future = client.post(reverse("plan:publicity"), {**data, "publicity": "1", "published_on": (
        datetime.date.today() + datetime.timedelta(days=2)).isoformat()})
    assert "published_on" in future.context["publicity_form"].errors


def test_awards_are_recorded_and_pages_are_staff_only(client, cast, django_assert_max_num_queries):
    org = cast.host.organisations.first()
    client.force_login(cast.host)
    assert client.get(reverse("plan:publicity")).status_code == 403
    client.force_login(cast.officer)
    response = client.post(reverse("plan:publicity"), {
        "award": "1", "organisation": org.tax_code, "year": "2023", "level": "gold",
        "decision": "QĐ 123/QĐ-TTg"})
    assert response.status_code == 302 and QualityAward.objects.get().level == "gold"
    for day in range(1, 6):
        Publicity.objects.create(organisation=org, published_on=datetime.date(2024, 1, day),
                                 channel="Báo Thanh Hóa", title=f"Bài {day}")
    with django_assert_max_num_queries(8):
        page = client.get(reverse("plan:publicity"))
    assert page.status_code == 200 and "Giải Vàng" in page.content.decode()
