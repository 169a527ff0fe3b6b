"""The compiled-once case lock returns what the QuerySet returns."""

import pytest
from django.db import transaction

from tasks_kh_cn.models import TaskCase
from tasks_kh_cn.services.cases import assign_officer
from tests.factories import make_case, make_enterprise_user
from workflows.services import _LOCK_CASE

pytestmark = pytest.mark.django_db


def _state(obj):
    return {k: v for k, v in vars(obj).items() if not k.startswith("_")}


def test_prepared_lock_builds_the_same_objects_as_the_queryset(cast, django_assert_num_queries):
    with_officer = make_case(cast.host)
    assign_officer(case=with_officer, officer=cast.officer)
    cases = [with_officer, make_case(make_enterprise_user(username="other_host"))]
    for case in cases:
        with transaction.atomic():
            prepared = _LOCK_CASE.get(case.pk)
            plain = (TaskCase.objects.select_for_update(of=("self",))
                     .select_related("assigned_officer", "desk_task__process").get(pk=case.pk))
        assert type(prepared) is TaskCase
        assert _state(prepared) == _state(plain)
        assert prepared.desk_task is not None
        assert _state(prepared.desk_task) == _state(plain.desk_task)
        assert _state(prepared.desk_task.process) == _state(plain.desk_task.process)
        assert prepared.desk_task.flow_task is plain.desk_task.flow_task  # converted, not a string
        with django_assert_num_queries(0):  # what the lock loaded needs no further query
            assert prepared.desk_task.process.flow_class is plain.desk_task.process.flow_class
            officer = prepared.assigned_officer
        assert (officer.pk if officer else None) == (cast.officer.pk if case is with_officer
                                                     else None)


def test_prepared_lock_raises_does_not_exist(cast):
    with transaction.atomic(), pytest.raises(TaskCase.DoesNotExist):
        _LOCK_CASE.get(987654)


def test_the_migration_points_existing_cases_at_their_open_desk_task(cast):
    """Cases created before the pointer existed get it from their process's open task."""
    import importlib

    from django.apps import apps

    from tests.factories import walk
    from workflows.services import desk_and_process_agree

    migration = importlib.import_module("tasks_kh_cn.migrations.0003_case_desk_task")
    cases = [make_case(cast.host), walk(make_case(cast.host), cast, until="approve")]
    TaskCase.objects.update(desk_task=None)
    assert not any(desk_and_process_agree(case) for case in cases)
    migration.point_at_open_desk_tasks(apps, None)
    assert all(desk_and_process_agree(case) for case in cases)
