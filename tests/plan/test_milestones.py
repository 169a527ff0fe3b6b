"""The appendix's milestones for the advisory unit, the experts and the survey database."""

import datetime

import pytest

from tasks_kh_cn.plan.milestones import milestone_states
from tasks_kh_cn.plan.models import AdvisoryUnit, PlanMilestone, Publicity, QualityAward
from tasks_kh_cn.plan.publicity import AwardForm, PublicityForm
from tests.factories import make_organisation, make_registry_expert

pytestmark = pytest.mark.django_db


def states(as_of):
    return {s.milestone.title: s for s in milestone_states(as_of)}


def test_milestones_are_seeded_and_judged_from_the_data():
    assert PlanMilestone.objects.count() == 5
    unit_title = "Trung tâm Dịch vụ Kỹ thuật TĐC đủ năng lực tư vấn, chứng nhận, hỗ trợ doanh nghiệp"
    experts_title = "Có 10 chuyên gia năng suất, chất lượng"
    assert states(datetime.date(2023, 6, 1))[unit_title].status == "open"
    centre = make_organisation(kind="public_unit")
    AdvisoryUnit.objects.create(organisation=centre, recognised_on=datetime.date(2023, 11, 1),
                                can_consult=True, can_certify=True)
    for i in range(10):
        make_registry_expert(f"Chuyên gia {i}", organisation=centre, entered=datetime.date(2024, 3, 1))
    later = states(datetime.date(2024, 6, 1))
    assert later[unit_title].status == "met"
    assert later[experts_title].status == "late" and later[experts_title].value == 10
    manual = PlanMilestone.objects.filter(measure="").first()
    assert states(datetime.date(2024, 1, 1))[manual.title].status == "missed"
    manual.achieved_on = datetime.date(2021, 12, 20)
    manual.save()
    assert states(datetime.date(2024, 1, 1))[manual.title].status == "met"


def test_admin_forms_show_an_existing_row_by_its_codes():
    org = make_organisation()
    award = QualityAward.objects.create(organisation=org, year=2022, level="award")
    assert AwardForm(instance=award).initial["organisation"] == org.tax_code
    item = Publicity.objects.create(organisation=org, published_on=datetime.date(2024, 1, 1),
                                    channel="Báo", title="Bài")
    form = PublicityForm({"organisation": org.tax_code, "published_on": "2024-01-01",
                          "channel": "Báo", "title": "Bài sửa", "case": "", "link": ""},
                         instance=item)
    assert form.is_valid(), form.errors
    assert PublicityForm(instance=item).initial["organisation"] == org.tax_code
