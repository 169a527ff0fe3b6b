"""The plan's targets, as the department reports them before 15 December."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from tasks_kh_cn.models import CaseKind
from tasks_kh_cn.plan.export import progress_workbook
from tasks_kh_cn.plan.models import (
    AdvisoryUnit,
    OcopProduct,
    PlanTarget,
    Publicity,
    SurveyResponse,
    SurveyRound,
    TrainingAttendance,
    TrainingClass,
)
from tasks_kh_cn.plan.selectors import plan_progress, report_due_date
from tests.factories import (
    make_case,
    make_enterprise_user,
    make_organisation,
    make_registry_expert,
    walk,
)

pytestmark = pytest.mark.django_db
M = PlanTarget.Measure


def by_measure(rows):
    return {row.measure: row for row in rows}


def test_the_plan_targets_are_seeded_from_section_2_2():
    targets = {t.measure: t.target for t in PlanTarget.objects.all()}
    assert targets == {
        M.ESTABLISHMENTS_TRAINED: 400, M.ENTERPRISES_SUPPORTED: 150, M.OCOP_STANDARD_SHARE: 100,
        M.PILOT_MODELS_COMPLETED: 6, M.ADVISORY_UNITS: 1, M.EXPERTS: 10,
        M.MODEL_ENTERPRISES_PUBLICISED: 20, M.SURVEY_ROUNDS: 1,
    }


def test_training_counts_establishments_once_and_turns_each_time():
    a, b, c = make_organisation(), make_organisation(), make_organisation()
    first = TrainingClass.objects.create(title="ISO 9001", topic="management_systems",
                                         held_on=datetime.date(2023, 5, 10))
    second = TrainingClass.objects.create(title="5S, Kaizen", topic="productivity_tools",
                                          held_on=datetime.date(2024, 6, 1))
    for org, cls, people in [(a, first, 2), (b, first, 1), (a, second, 3), (c, second, 1)]:
        TrainingAttendance.objects.create(training_class=cls, organisation=org, participants=people)
    row = by_measure(plan_progress(datetime.date(2024, 12, 14)))[M.ESTABLISHMENTS_TRAINED]
    assert row.value == 3 and "4 lượt" in row.detail and "7 người" in row.detail
    earlier = by_measure(plan_progress(datetime.date(2023, 12, 14)))[M.ESTABLISHMENTS_TRAINED]
    assert earlier.value == 2  # the 2024 class had not happened yet


def test_supported_enterprises_and_pilot_models_count_completed_cases(cast):
    walk(make_case(cast.host, kind=CaseKind.ENTERPRISE_SUPPORT), cast)
    walk(make_case(cast.host, kind=CaseKind.ENTERPRISE_SUPPORT), cast)  # same enterprise twice
    walk(make_case(cast.other_host, kind=CaseKind.ENTERPRISE_SUPPORT), cast,
         until="finish_implementation", host=cast.other_host)
    walk(make_case(cast.host, kind=CaseKind.PILOT_MODEL), cast)
    rows = by_measure(plan_progress())
    assert rows[M.ENTERPRISES_SUPPORTED].value == 1
    assert "1 doanh nghiệp đang được hỗ trợ" in rows[M.ENTERPRISES_SUPPORTED].detail
    assert rows[M.PILOT_MODELS_COMPLETED].value == 1
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    assert by_measure(plan_progress(yesterday))[M.PILOT_MODELS_COMPLETED].value == 0


def test_ocop_share_is_unknown_without_products_and_exact_with_them():
    assert by_measure(plan_progress())[M.OCOP_STANDARD_SHARE].status == "behind"
    producer = make_organisation(is_ocop_producer=True)
    OcopProduct.objects.create(name="Nem chua", producer=producer, ocop_stars=4,
                               standard_declared=True, standard_code="TCCS 01:2024")
    OcopProduct.objects.create(name="Chè lam", producer=producer, is_key_product=True,
                               standard_declared=True, standard_code="TCCS 02:2024")
    OcopProduct.objects.create(name="Mắm tép", producer=producer, ocop_stars=3)
    row = by_measure(plan_progress())[M.OCOP_STANDARD_SHARE]
    assert str(row.value) == "66.7" and row.status == "behind" and "2/3" in row.detail
    make_organisation(is_ocop_producer=True, has_declared_standard=True)  # no product: no change
    assert by_measure(plan_progress())[M.OCOP_STANDARD_SHARE].value == row.value


def test_on_track_compares_with_a_linear_schedule():
    unit = make_organisation(kind="public_unit")
    for i in range(5):
        make_registry_expert(f"Chuyên gia {i}", organisation=unit, entered=datetime.date(2022, 1, 1))
    make_registry_expert("Đã nghỉ", active=False, entered=datetime.date(2022, 1, 1))
    AdvisoryUnit.objects.create(organisation=unit, recognised_on=datetime.date(2023, 12, 1))
    mid = by_measure(plan_progress(datetime.date(2023, 6, 30)))
    assert mid[M.EXPERTS].value == 5 and mid[M.EXPERTS].status == "on_track"  # 50% at ~50%
    assert mid[M.ADVISORY_UNITS].value == 0
    late = by_measure(plan_progress(datetime.date(2025, 6, 30)))
    assert late[M.EXPERTS].status == "behind" and late[M.ADVISORY_UNITS].status == "met"


def test_survey_database_must_be_built_by_2022_and_kept_fresh():
    org = make_organisation()
    first = SurveyRound.objects.create(title="Đợt 1", closed_on=datetime.date(2022, 11, 30))
    SurveyResponse.objects.create(survey_round=first, organisation=org, needs="ISO 22000")
    assert by_measure(plan_progress(datetime.date(2022, 11, 1)))[M.SURVEY_ROUNDS].value == 0
    assert by_measure(plan_progress(datetime.date(2023, 5, 1)))[M.SURVEY_ROUNDS].status == "met"
    stale = by_measure(plan_progress(datetime.date(2023, 7, 1)))[M.SURVEY_ROUNDS]
    # The database is there (1 of 1) but its update is late: behind, and the detail says why.
    assert (stale.value, stale.status) == (1, "behind")
    assert "quá hạn cập nhật định kỳ" in stale.detail
    SurveyRound.objects.create(title="Đợt 2", closed_on=datetime.date(2023, 6, 20))
    row = by_measure(plan_progress(datetime.date(2023, 7, 1)))[M.SURVEY_ROUNDS]
    # A second round updates the one database; it is not a second database (not 200%).
    assert row.status == "met" and row.value == 1 and row.percent == 100
    assert row.detail.startswith("2 đợt khảo sát, cập nhật gần nhất 20/06/2023")
    assert "quá hạn" not in row.detail


def test_publicity_counts_distinct_enterprises():
    org = make_organisation()
    for day in (1, 2):
        Publicity.objects.create(organisation=org, published_on=datetime.date(2024, 3, day),
                                 channel="Báo Thanh Hóa", title=f"Bài {day}")
    assert by_measure(plan_progress())[M.MODEL_ENTERPRISES_PUBLICISED].value == 1


def test_report_is_due_before_15_december():
    assert report_due_date(2025) == datetime.date(2025, 12, 14)


def test_the_report_takes_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for _ in range(2):
        walk(make_case(cast.host, kind=CaseKind.ENTERPRISE_SUPPORT), cast)
    with django_assert_max_num_queries(12):
        plan_progress()
    for _ in range(3):
        host = make_enterprise_user()
        walk(make_case(host, kind=CaseKind.ENTERPRISE_SUPPORT), cast, host=host)
    with django_assert_max_num_queries(12):
        assert by_measure(plan_progress())[M.ENTERPRISES_SUPPORTED].value == 4


def test_excel_export_has_one_row_per_target():
    rows = plan_progress(datetime.date(2025, 12, 14))
    workbook = load_workbook(io.BytesIO(progress_workbook(rows, datetime.date(2025, 12, 14))))
    sheet = workbook.active
    assert "14/12/2025" in sheet["A2"].value
    assert sheet.cell(4, 2).value == "Chỉ tiêu"
    assert [sheet.cell(5 + i, 3).value for i in range(len(rows))] == [float(r.target) for r in rows]
    assert sheet.max_row == 4 + len(rows)
