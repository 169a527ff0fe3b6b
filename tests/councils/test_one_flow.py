"""One council flow for every type (issue 11 point 3): the kind rows drive the differences,
and processes stored under the five old flow paths carry on after the migration."""

import pytest
from django.apps import apps as django_apps
from viewflow.workflow.models import Process, Task

from tasks_kh_cn.councils.kinds import KINDS
from tasks_kh_cn.councils.models import Council, CouncilType
from tasks_kh_cn.councils.services import close_round, decide
from tests.councils.helpers import vote_all
from workflows.councils import council_flow
from workflows.councils.base import council_and_process_agree, open_task, process_of
from workflows.services import all_transitions


def _migration():
    """The migration that moved the flows, found by name (the integrator renumbers it)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    name = next(name for app, name in loader.disk_migrations
                if app == "councils" and name.endswith("meetings_experts_one_flow"))
    return __import__(f"tasks_kh_cn.councils.migrations.{name}", fromlist=["move"])


def test_every_kind_names_transitions_the_case_fsm_has():
    names = set(all_transitions())
    for kind in KINDS.values():
        assert set(kind.outcomes.values()) <= names, kind.code
    assert {code for code, _label in CouncilType.choices} == set(KINDS)


@pytest.mark.django_db
def test_a_process_stored_under_an_old_flow_path_carries_on_after_the_migration(formed, cast):
    council, users = formed
    migration = _migration()
    old = "councils.identification.IdentificationCouncilFlow"
    # As the rows stood before issue 11: the process and its tasks under the old class path.
    pk = process_of(council).pk
    migration.move(django_apps, [migration.NEW_FLOW], old)
    assert Process.objects.filter(pk=pk, flow_class=f"workflows/{old}").exists()
    assert Task.objects.filter(process_id=pk, flow_task=f"workflows/{old}.close_round").exists()
    assert process_of(council).flow_class is None  # viewflow can no longer load it

    migration.forwards(django_apps, None)

    process = process_of(council)
    assert process.flow_class is council_flow()
    assert open_task(process, "close_round") is not None
    specs = [{"user": u} for u in users]
    vote_all(council, specs)
    close_round(council=council, by=users[1])
    council = Council.objects.get(pk=council.pk)
    decide(council=council, by=cast.approver, data={"decision_number": "5/QĐ",
                                                    "decision_date": "2026-12-01"})
    council = Council.objects.get(pk=council.pk)
    assert council.status == "decided"
    assert council.case.status == "listed"
    assert council_and_process_agree(council)


@pytest.mark.django_db
def test_the_budget_team_decide_task_waits_for_finance(cast):
    from tests.councils.helpers import run_council
    from tests.factories import make_case, walk

    case = walk(make_case(cast.host), cast, until="appraise_budget")
    run_council(case, cast, "budget_appraisal")
    council = Council.objects.get(case=case, council_type="budget_appraisal")
    task = process_of(council).task_set.get(flow_task=council_flow().decide)
    assert task.owner_permission == "tasks_kh_cn.settle_case"
