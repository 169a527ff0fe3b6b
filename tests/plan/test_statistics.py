"""Statistics of the plan: by year, by district, and the list behind every figure."""

import datetime

import pytest
from django.urls import reverse

from tasks_kh_cn.models import CaseKind
from tasks_kh_cn.plan.models import (
    PlanTarget,
    Publicity,
    SurveyResponse,
    SurveyRound,
    TrainingAttendance,
    TrainingClass,
)
from tasks_kh_cn.plan.selectors import plan_progress
from tasks_kh_cn.plan.statistics import filtered, funding_by_year, plan_statistics, year_target
from tests.factories import act, make_case, make_organisation, walk
from workflows.lifecycle import Status

pytestmark = pytest.mark.django_db
M = PlanTarget.Measure
AS_OF = datetime.date(2024, 12, 14)


def by_measure(stats):
    return {s.measure: s for s in stats}


def train(org, held_on, topic="management_systems"):
    cls, _ = TrainingClass.objects.get_or_create(title=f"Lớp {held_on}", topic=topic, held_on=held_on)
    TrainingAttendance.objects.create(training_class=cls, organisation=org)


def test_trained_twice_counts_once_by_year_and_district_and_the_list_agrees():
    a = make_organisation(district="tp_thanh_hoa")
    b = make_organisation(district="nga_son")
    train(a, datetime.date(2023, 5, 1))
    train(a, datetime.date(2024, 5, 1))  # a second time: not a second establishment
    train(b, datetime.date(2024, 5, 1))
    stats = by_measure(plan_statistics(AS_OF)[0])[M.ESTABLISHMENTS_TRAINED]
    assert stats.total == 2 == plan_progress(AS_OF)[0].value
    assert stats.new_by_year == {2023: 1, 2024: 1}
    assert stats.in_year == {2023: 1, 2024: 2}
    assert stats.cumulative([2022, 2023, 2024]) == {2022: 0, 2023: 1, 2024: 2}
    assert stats.by_district == {"tp_thanh_hoa": 1, "nga_son": 1}
    assert filtered(M.ESTABLISHMENTS_TRAINED, AS_OF, year=2024).count() == 2
    assert filtered(M.ESTABLISHMENTS_TRAINED, AS_OF, district="nga_son").count() == 1


def test_withdrawn_and_terminated_cases_are_neither_supported_nor_funded(cast):
    done = walk(make_case(cast.host, kind=CaseKind.ENTERPRISE_SUPPORT), cast)
    dropped = walk(make_case(cast.other_host, kind=CaseKind.ENTERPRISE_SUPPORT), cast,
                   until="finish_implementation", host=cast.other_host)
    today = datetime.date.today()
    assert done.approved_budget and dropped.approved_budget
    before = {f.year: f.state for f in funding_by_year(today + datetime.timedelta(days=3650))}
    dropped.refresh_from_db()
    act(dropped, "terminate", cast.approver, comment="Doanh nghiệp ngừng hoạt động")
    dropped.refresh_from_db()
    assert dropped.status == Status.TERMINATED
    withdrawn = walk(make_case(cast.other_host, kind=CaseKind.ENTERPRISE_SUPPORT), cast,
                     until="submit", host=cast.other_host)
    act(withdrawn, "withdraw", cast.other_host, comment="Rút")
    stats = by_measure(plan_statistics(today)[0])[M.ENTERPRISES_SUPPORTED]
    assert stats.total == 1 and stats.in_year == {today.year: 1}
    # The yearly report's table says the same: the withdrawn and the terminated are not supported.
    assert by_measure(plan_progress(today))[M.ENTERPRISES_SUPPORTED].value == 1
    after = {f.year: f.state for f in funding_by_year(today + datetime.timedelta(days=3650))}
    assert sum(after.values()) == sum(before.values()) - dropped.approved_budget


def test_year_target_is_linear_over_the_plan_period():
    start, end = datetime.date(2021, 1, 1), datetime.date(2025, 12, 31)
    assert year_target(400, start, end, 2021) == 80
    assert year_target(400, start, end, 2025) == 400
    assert year_target(400, start, end, 2020) == 0


def test_dashboard_and_drilldown_are_for_staff_only(client, cast, django_assert_max_num_queries):
    org = make_organisation(district="ha_trung")
    for day in range(1, 4):
        Publicity.objects.create(organisation=org, published_on=datetime.date(2024, 3, day),
                                 channel="Báo Thanh Hóa", title=f"Bài {day}")
    url = reverse("plan:statistics")
    client.force_login(cast.host)
    assert client.get(url).status_code == 403
    drill = reverse("plan:drilldown", args=[M.MODEL_ENTERPRISES_PUBLICISED])
    assert client.get(drill).status_code == 403
    client.force_login(cast.officer)
    with django_assert_max_num_queries(40):
        page = client.get(url, {"as_of": "2024-12-14"})
    assert page.status_code == 200 and b"<svg" in page.content
    with django_assert_max_num_queries(12):
        listing = client.get(drill, {"as_of": "2024-12-14", "year": "2024", "district": "ha_trung"})
    assert listing.status_code == 200 and listing.context["figure"] == 1
    assert listing.content.count(b"<tr>") == 1 + 3
    assert client.get(drill, {"year": "abc"}).status_code == 404
    assert client.get(drill, {"district": "nowhere"}).status_code == 404
    assert client.get(reverse("plan:drilldown", args=["nothing"])).status_code == 404


def test_the_programme_page_links_by_role(client, cast):
    client.force_login(cast.host)
    page = client.get(reverse("plan:home")).content.decode()
    assert reverse("plan:training-open") in page and reverse("plan:statistics") not in page
    client.force_login(cast.officer)
    assert reverse("plan:statistics") in client.get(reverse("plan:home")).content.decode()
    client.force_login(cast.reviewer)
    assert client.get(reverse("plan:home")).status_code == 403
    assert reverse("plan:home") not in client.get(reverse("web:dashboard")).content.decode()


def test_charts_are_well_formed_svg_scaled_to_the_screen():
    from xml.etree import ElementTree

    from tasks_kh_cn.plan.charts import Series, bar_chart

    svg = str(bar_chart(["2023", "2024"], [Series("Lũy kế <A&B>", [3, 12]), Series("Chỉ tiêu", [80, 160])],
                        title="Cơ sở được tập huấn", target=400, target_label="400"))
    root = ElementTree.fromstring(svg)
    assert root.get("viewBox").startswith("0 0 320 ") and root.get("width") == "100%"
    assert "<script" not in svg and "&lt;A&amp;B&gt;" in svg
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "12" in labels and "160" in labels


def text_boxes(svg):
    """Each text's box (left, top, right, bottom) as the chart sizes it, from its anchor."""
    from xml.etree import ElementTree

    from tasks_kh_cn.plan.charts import CHAR, FONT

    boxes = []
    for text in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"):
        x, y, width = float(text.get("x")), float(text.get("y")), len(text.text) * CHAR
        left = {"end": x - width, "middle": x - width / 2}.get(text.get("text-anchor"), x)
        boxes.append((text.text, (left, y - FONT, left + width, y)))
    return boxes


@pytest.mark.parametrize("language, figure", [("vi", "1.234.567"), ("en", "1,234,567")])
def test_no_figure_of_a_chart_runs_into_another_or_off_the_chart(language, figure):
    from xml.etree import ElementTree

    from django.utils import translation

    from tasks_kh_cn.plan.charts import Series, bar_chart

    years = [str(y) for y in range(2021, 2026)]
    with translation.override(language):
        svg = str(bar_chart(years, [Series("Ngân sách tỉnh (triệu đồng)", [1_234_567, 980_000,
                                                                           1_100_000, 0, 5]),
                                    Series("Doanh nghiệp (triệu đồng)", [1_200_000, 990_000,
                                                                         1_000_000, 3, 7])],
                            title="Kinh phí", target=1_000_000, target_label="Chỉ tiêu"))
    width = float(ElementTree.fromstring(svg).get("viewBox").split()[2])
    boxes = text_boxes(svg)
    assert figure in [label for label, _box in boxes]
    for n, (label, (left, top, right, bottom)) in enumerate(boxes):
        assert left >= 0 and right <= width, label
        for other, (l2, t2, r2, b2) in boxes[n + 1:]:
            assert right <= l2 or r2 <= left or bottom <= t2 or b2 <= top, (label, other)


def test_the_dashboard_speaks_english_too(cast):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.officer)
    page = client.get(reverse("plan:statistics")).content.decode()
    assert "Actual against target by year" in page and "Funding (section 4 of the Plan)" in page
    assert "Thực hiện so với chỉ tiêu" not in page


def test_every_figure_of_the_plan_tables_names_its_column_for_a_phone(cast):
    """On a phone a table of class "cases" stacks a row into lines that each say their
    column (data-label); the plan's tables printed bare figures ("6 / 0 / 100.0%")."""
    import re

    from django.test import Client

    walk(make_case(cast.host, kind=CaseKind.ENTERPRISE_SUPPORT), cast, until="approve")
    TrainingClass.objects.create(title="ISO 9001", topic="management_systems",
                                 held_on=datetime.date(2024, 5, 1), capacity=30)
    client = Client()
    client.force_login(cast.officer)
    for url in (reverse("plan:statistics"), reverse("plan:report")):
        page = client.get(url).content.decode()
        cells = re.findall(r"<td\b[^>]*>", page)
        assert cells, url
        # An empty table's one line ("no figures yet") is no figure.
        bare = [cell for cell in cells if "data-label=" not in cell and "colspan" not in cell
                and 'class="muted"' not in cell]
        assert not bare, (url, bare[:3])


def test_the_survey_row_counts_enterprises_without_a_yearly_target_of_databases(client, cast):
    """The survey's target is one database (appendix 5.2); its figures are the enterprises
    that answered. Beside them the page shows no yearly "target 0.2 databases", and the chart
    draws the answers alone."""
    round_ = SurveyRound.objects.create(title="Đợt 1", closed_on=datetime.date(2022, 11, 30))
    for _i in range(2):
        SurveyResponse.objects.create(survey_round=round_, organisation=make_organisation())
    client.force_login(cast.officer)
    page = client.get(reverse("plan:statistics"), {"as_of": "2024-12-14"})
    row = next(r for r in page.context["rows"] if r["stats"].measure == "survey_rounds")
    assert [c["actual"] for c in row["cells"]][-1] == 2
    assert all(c["target"] is None for c in row["cells"])
    assert "doanh nghiệp đã trả lời khảo sát" in page.content.decode()
    assert "Chỉ tiêu đến cuối năm" not in str(row["chart"])
    trained = next(r for r in page.context["rows"] if r["stats"].measure != "survey_rounds"
                   and r["cells"])
    assert all(c["target"] is not None for c in trained["cells"])
