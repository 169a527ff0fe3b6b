"""seed_demo: the demo a newcomer sees after `make run`, idempotent."""

import datetime
import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from notifications.models import Deadline, DeadlineStatus, ReminderPolicy
from tasks_kh_cn.councils.models import (
    Ballot,
    BallotStatus,
    Council,
    CouncilMember,
    CouncilStatus,
)
from tasks_kh_cn.councils.services.rounds import seated
from tasks_kh_cn.models import (
    Call,
    CaseKind,
    DocumentVersion,
    Organisation,
    Profile,
    TaskCase,
    TransitionLog,
)
from tasks_kh_cn.pilots.models import Milestone
from tasks_kh_cn.plan.models import PlanTarget, TrainingClass
from tasks_kh_cn.plan.selectors import plan_progress
from tasks_kh_cn.selectors import visible_cases
from tasks_kh_cn.validators import normalize_mobile, normalize_tax_code
from workflows.lifecycle import Phase, Status
from workflows.services import desk_and_process_agree

pytestmark = pytest.mark.django_db

# The whole demo, every notice sent (the test lifts the SMS quiet hours, see below):
# measured 37,026 on SQLite and 38,192 on PostgreSQL inside the test's transaction (~44,000
# before issue 13's council fixes). Seeded between 21:00 and 07:00 the demo holds its SMS
# for the morning and counts 30,324 on SQLite: the budget of 31,500, set from a night run,
# failed in the day.
SEED_DEMO_QUERIES = 39_000


def snapshot():
    User = get_user_model()
    return {
        "users": User.objects.count(), "orgs": Organisation.objects.count(),
        "calls": Call.objects.count(), "cases": TaskCase.objects.count(),
        "statuses": sorted(TaskCase.objects.values_list("status", flat=True)),
        "versions": DocumentVersion.objects.count(), "log": TransitionLog.objects.count(),
        "passwords": sorted(User.objects.values_list("password", flat=True)),
    }


def check_every_role_kind_and_phase(out: str):
    assert "demo12345" in out and "enterprise1" in out

    usernames = ["enterprise1", "enterprise2", *[f"reviewer{i}" for i in range(1, 10)],
                 "secretary1", "officer1", "approver1", "finance1", "admin"]
    login = RequestFactory().post("/accounts/login/")  # axes counts attempts per request
    for username in usernames:
        assert authenticate(login, username=username, password="demo12345") is not None, username
    assert get_user_model().objects.get(username="admin").is_superuser
    for profile in Profile.objects.all():
        assert normalize_mobile(profile.mobile) == profile.mobile
    for organisation in Organisation.objects.all():
        assert normalize_tax_code(organisation.tax_code) == organisation.tax_code

    cases = list(TaskCase.objects.all())
    assert {case.kind for case in cases} == {"research", "enterprise_support", "pilot_model"}
    assert {case.phase for case in cases} == set(Phase.values)
    for kind in ("research", "enterprise_support", "pilot_model"):
        phases = {case.phase for case in cases if case.kind == kind}
        assert len(phases) >= 3, (kind, phases)
    for case in cases:
        assert desk_and_process_agree(case), case.code
    assert TaskCase.objects.filter(kind="pilot_model", proposer__kind="authority").exists()


def check_every_case_page_renders_for_each_role():
    User = get_user_model()
    for username in ("enterprise1", "enterprise2", "officer1", "approver1", "finance1",
                     "reviewer1"):
        user = User.objects.get(username=username)
        visible = set(visible_cases(user).values_list("pk", flat=True))
        client = Client()
        client.force_login(user)
        assert client.get("/").status_code == 200
        for case in TaskCase.objects.all():
            expected = 200 if case.pk in visible else 404
            assert client.get(f"/cases/{case.pk}/").status_code == expected, (username, case)
            api = client.get(f"/api/tasks/{case.pk}/")
            assert api.status_code == expected
    assert len(visible_cases(User.objects.get(username="officer1"))) == TaskCase.objects.count()
    # A reviewer sees the cases of the councils they sit on, and nothing else.
    reviewer1 = User.objects.get(username="reviewer1")
    seated = set(CouncilMember.objects.filter(user=reviewer1).values_list("council__case", flat=True))
    assert seated and set(visible_cases(reviewer1).values_list("pk", flat=True)) <= seated
    assert not visible_cases(User.objects.get(username="reviewer9")).exists()


def test_seed_demo_once_then_again(monkeypatch, django_capture_on_commit_callbacks, client):
    """The demo is seeded once (the slowest thing the suite does, ~15 s) and each check reads
    that world; then it is seeded again, and nothing changes (idempotent). The whole demo
    stays within its query budget (issue 13: ~43,800 queries and 38 s before the council
    services stopped re-reading seats, items and permissions one row at a time)."""
    monkeypatch.setenv("DEMO_PORT", "8123")
    # The count must not hang on the hour the suite runs: with no quiet hours every notice
    # goes out now, as it does for a demo seeded by day (an empty span is never quiet).
    ReminderPolicy.objects.update(quiet_start=datetime.time(0), quiet_end=datetime.time(0))
    out = io.StringIO()
    # The ballot deadlines are opened after commit, once the members have voted: run those
    # callbacks, as the real commits of seed_demo do.
    queries = []  # counted, not kept: Django's query log stops at 9,000

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count), django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    assert len(queries) <= SEED_DEMO_QUERIES, len(queries)
    # The login address printed is the one `make run PORT=...` serves.
    assert "http://127.0.0.1:8123/accounts/login/" in out.getvalue()
    assert ":8000/" not in out.getvalue()

    check_every_role_kind_and_phase(out.getvalue())
    check_no_stale_work()
    check_every_case_page_renders_for_each_role()
    check_every_plan_target_has_a_figure(client)
    first = snapshot()
    classes = TrainingClass.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first
    assert TrainingClass.objects.count() == classes


def check_no_stale_work():
    """Nobody is asked for a ballot they have cast, nor for anything on a case that moved on."""
    ballots = Deadline.objects.filter(status=DeadlineStatus.OPEN, code__endswith="-ballot")
    for deadline in ballots.select_related("case"):
        council = Council.objects.get(pk=int(deadline.code.split("-")[1]))
        assert council.status == CouncilStatus.IN_SESSION, deadline.code
        voted = Ballot.objects.filter(council=council, member__user=deadline.owed_by_user,
                                      round=council.round, status=BallotStatus.SUBMITTED)
        assert not voted.exists(), (deadline.code, deadline.owed_by_user)
    # Each council in session: exactly one open ballot deadline per member yet to vote.
    for council in Council.objects.filter(status=CouncilStatus.IN_SESSION):
        pending = {m.user_id for m in seated(council)} - set(
            Ballot.objects.filter(council=council, round=council.round,
                                  status=BallotStatus.SUBMITTED)
            .values_list("member__user_id", flat=True))
        owed = set(ballots.filter(case=council.case).values_list("owed_by_user_id", flat=True))
        assert owed == pending, council.pk
    # The first reviewer of the login table has a ballot to fill (it had nothing to do).
    assert ballots.filter(owed_by_user__username="reviewer1").exists()
    for case in TaskCase.objects.all():
        assert desk_and_process_agree(case), case.code


def check_every_plan_target_has_a_figure(client):
    """A newcomer's plan dashboard shows real figures for every target."""
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
