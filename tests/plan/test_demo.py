"""After seed_demo a newcomer's plan dashboard shows real figures for every target."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from notifications.models import Deadline
from tasks_kh_cn.plan.models import TrainingClass
from tasks_kh_cn.plan.selectors import plan_progress

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_target_a_figure_and_is_idempotent(client):
    call_command("seed_demo", stdout=io.StringIO())
    rows = plan_progress()
    # Pilot models completed come from demo.py's cases, none of which is a completed pilot yet.
    empty = [r.measure for r in rows if not r.value]
    assert empty in ([], ["pilot_models_completed"]), empty
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
    funding = client.get(reverse("plan:statistics")).context["funding"]
    assert sum(f.state for f in funding) > 0
    client.force_login(User.objects.get(username="enterprise1"))
    assert "Năng suất xanh" in client.get(reverse("plan:training-open")).content.decode()
    assert client.get(reverse("plan:survey-mine")).status_code == 200
