"""After seed_demo a newcomer's plan dashboard shows real figures for every target."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from notifications.models import Deadline
from tasks_kh_cn.models import CaseKind, TaskCase
from tasks_kh_cn.pilots.models import Milestone
from tasks_kh_cn.plan.models import PlanTarget, TrainingClass
from tasks_kh_cn.plan.selectors import plan_progress
from workflows.lifecycle import Status

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_target_a_figure_and_is_idempotent(client):
    call_command("seed_demo", stdout=io.StringIO())
    rows = plan_progress()
    # Every target has data in the demo, so every figure of the report is a real one.
    assert [r.measure for r in rows if not r.value] == []
    assert {r.measure for r in rows} == set(PlanTarget.Measure.values)
    # The completed pilot model went through the plan's six steps (3.4) via the services.
    pilot = TaskCase.objects.get(kind=CaseKind.PILOT_MODEL, status=Status.COMPLETED)
    assert sorted(Milestone.objects.filter(case=pilot, status__in=["done", "recognised"])
                  .values_list("step", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert next(r.value for r in rows if r.measure == "pilot_models_completed") == 1
    trained = next(r for r in rows if r.measure == "establishments_trained")
    assert "lượt" in trained.detail and trained.value < 8 * 22  # some came twice
    assert Deadline.objects.filter(code="plan-yearly-report",
                                   sequence=timezone.localdate().year).exists()
    classes = TrainingClass.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert TrainingClass.objects.count() == classes
    User = get_user_model()
    client.force_login(User.objects.get(username="officer1"))
    for name in ("plan:statistics", "plan:report", "plan:training", "plan:survey",
                 "plan:products", "plan:publicity"):
        assert client.get(reverse(name)).status_code == 200, name
    dashboard = client.get(reverse("plan:statistics")).context
    assert sum(f.state for f in dashboard["funding"]) > 0
    # The statistics dashboard reads the same data: no target at 0, and each figure's
    # drill-down list agrees with it.
    totals = {s.measure: s.total for s in dashboard["stats"]}
    assert [m for m, total in totals.items() if not total] == [], totals
    progress = {r.measure: r.value for r in rows}
    for measure, total in totals.items():
        if measure == "ocop_standard_share":  # a share, by district: no list behind it
            continue
        # The report counts the one database, the statistics the enterprises that answered.
        if measure != "survey_rounds":
            assert progress[measure] == total, measure
        page = client.get(reverse("plan:drilldown", args=[measure]))
        assert page.context["figure"] == total, measure
    client.force_login(User.objects.get(username="enterprise1"))
    assert "Năng suất xanh" in client.get(reverse("plan:training-open")).content.decode()
    assert client.get(reverse("plan:survey-mine")).status_code == 200
