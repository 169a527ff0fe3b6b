"""One experts registry (issue 14): the plan counts the councils' registry, not a table of its own."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from tasks_kh_cn.councils.models import Expert, ExpertiseField
from tasks_kh_cn.plan.models import AdvisoryUnit, PlanTarget
from tasks_kh_cn.plan.selectors import advisory_capacity, plan_progress
from tasks_kh_cn.plan.statistics import filtered, plan_statistics
from tests.factories import (
    UserFactory,
    make_organisation,
    make_registry_expert,
    productivity_quality_field,
)

M = PlanTarget.Measure


def experts_figure(as_of=None):
    return next(r.value for r in plan_progress(as_of) if r.measure == M.EXPERTS)


@pytest.mark.django_db
def test_an_expert_added_to_the_registry_counts_in_the_plan_once(client):
    assert experts_figure() == 0
    lean = ExpertiseField.objects.create(code="lean", name="Lean, 5S",
                                         productivity_quality=True)
    agriculture = ExpertiseField.objects.create(code="nong-nghiep", name="Nông nghiệp")
    # Two productivity-and-quality fields: one expert, counted once everywhere.
    expert = make_registry_expert("Trần Thị Bình", fields=[productivity_quality_field(), lean])
    make_registry_expert("Lê Văn Lúa", fields=[agriculture])  # a council expert only
    assert experts_figure() == 1
    stats = {s.measure: s for s in plan_statistics(timezone.localdate())[0]}
    assert stats[M.EXPERTS].total == 1
    assert stats[M.EXPERTS].new_by_year == {timezone.localdate().year: 1}
    rows = filtered(M.EXPERTS, timezone.localdate())
    assert list(rows.values_list("pk", flat=True)) == [expert.pk]
    # The drill-down lists the person by full name, once.
    client.force_login(UserFactory(roles=["officer"]))
    page = client.get(reverse("plan:drilldown", args=[M.EXPERTS])).content.decode()
    assert page.count("Trần Thị Bình") == 1 and "Lê Văn Lúa" not in page
    # Struck off the registry: no longer counted.
    Expert.objects.filter(pk=expert.pk).update(active=False)
    assert experts_figure() == 0


@pytest.mark.django_db
def test_the_indicator_dates_an_expert_by_the_day_they_entered_the_registry():
    make_registry_expert("Phạm Văn An", entered=datetime.date(2023, 3, 1))
    assert experts_figure(datetime.date(2023, 2, 28)) == 0
    assert experts_figure(datetime.date(2023, 3, 1)) == 1


@pytest.mark.django_db
def test_the_advisory_units_capacity_is_its_experts_in_the_registry(admin_client):
    centre = make_organisation(kind="public_unit", name="Trung tâm Kỹ thuật TĐC")
    AdvisoryUnit.objects.create(organisation=centre, recognised_on=datetime.date(2023, 10, 1))
    for i in range(3):
        make_registry_expert(f"Chuyên gia {i}", organisation=centre)
    make_registry_expert("Đã nghỉ", organisation=centre, active=False)
    make_registry_expert("Ở nơi khác", organisation=make_organisation())
    make_registry_expert("Nông nghiệp", organisation=centre, fields=[])
    assert [u.experts for u in advisory_capacity()] == [3]
    page = admin_client.get(reverse("admin:plan_advisoryunit_changelist"))
    assert page.status_code == 200
    assert page.context["cl"].result_list[0].experts == 3


@pytest.mark.django_db(transaction=True)
def test_the_plans_own_experts_move_into_the_registry():
    """The data migration: each row of the old plan table becomes one registry expert of the
    productivity and quality field, with a user and a profile when it had none."""
    executor = MigrationExecutor(connection)
    old = [("plan", "0003_programme"), ("councils", "0005_expertise_field_productivity_quality")]
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    User = apps.get_model("auth", "User")
    PlanExpert = apps.get_model("plan", "Expert")
    # The organisations' table is at its latest state (its app was not migrated back).
    unit = make_organisation(kind="public_unit", name="Trung tâm")
    known = User.objects.create(username="hoa", first_name="Hoa")
    PlanExpert.objects.create(full_name="Nguyễn Thị Hoa", user=known, organisation_id=unit.pk,
                              fields="ISO 9001", qualified_on=datetime.date(2022, 6, 1))
    PlanExpert.objects.create(full_name="Lê Văn Minh", organisation_id=unit.pk,
                              fields="5S, Kaizen", qualified_on=datetime.date(2023, 1, 5))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    experts = list(Expert.objects.select_related("user__profile").order_by("created_at"))
    assert [e.user.username for e in experts][0] == "hoa"
    assert experts[1].user.profile.full_name == "Lê Văn Minh"
    assert not experts[1].user.has_usable_password()
    assert [e.created_at.astimezone(timezone.get_current_timezone()).date() for e in experts] == [
        datetime.date(2022, 6, 1), datetime.date(2023, 1, 5)]
    assert all(e.organisation.name == "Trung tâm" for e in experts)
    assert experts_figure(datetime.date(2023, 1, 5)) == 2
