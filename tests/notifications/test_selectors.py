"""Who sees which deadlines, at a pinned number of queries."""

import datetime

from django.utils import timezone

from notifications.models import Deadline
from notifications.selectors import deadlines_owed_by, visible_deadlines
from notifications.tasks import fire_timers
from tests.factories import act, make_case, upload_required


def _returned(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    case = act(case, "submit", cast.host)
    act(case, "return_proposal", case.assigned_officer, comment="Thiếu tài liệu")
    return case


def test_host_sees_its_deadlines_other_host_none(cast, django_assert_max_num_queries):
    for _ in range(3):
        _returned(cast)
    with django_assert_max_num_queries(4):
        mine = [(d.case.code, d.title) for d in visible_deadlines(cast.host)]
    assert len(mine) == 3
    assert list(visible_deadlines(cast.other_host)) == []
    assert visible_deadlines(cast.officer).count() == 3


def test_overdue_filter_and_owed_by(cast):
    case = _returned(cast)
    deadline = Deadline.objects.get(case=case)
    assert list(visible_deadlines(cast.officer, overdue=True)) == []
    Deadline.objects.filter(pk=deadline.pk).update(
        due_at=timezone.now() - datetime.timedelta(days=1))
    assert [d.pk for d in visible_deadlines(cast.officer, overdue=True)] == [deadline.pk]
    # Owed by the host organisation (no leader named): its members owe it, nobody else.
    assert [d.pk for d in deadlines_owed_by(cast.host)] == [deadline.pk]
    assert list(deadlines_owed_by(cast.other_host)) == []
    assert list(deadlines_owed_by(cast.officer)) == []


def test_fire_timers_task_runs_viewflow_timers(db):
    assert fire_timers() == 0


def test_api_deadlines_lists_only_visible_ones_at_fixed_queries(cast, client,
                                                                django_assert_max_num_queries):
    for _ in range(3):
        _returned(cast)
    client.force_login(cast.host)
    with django_assert_max_num_queries(8):
        page = client.get("/api/deadlines/").json()
    assert page["count"] == 3
    first = page["results"][0]
    assert first["code"] == "proposal_resubmission" and first["legal_basis"].startswith("TT 06")
    assert first["is_default_assumption"] is True and first["overdue"] is False

    client.force_login(cast.other_host)
    assert client.get("/api/deadlines/").json()["count"] == 0
    client.logout()
    assert client.get("/api/deadlines/").status_code in (401, 403)


def test_api_deadlines_overdue_filter(cast, client):
    case = _returned(cast)
    Deadline.objects.filter(case=case).update(due_at=timezone.now() - datetime.timedelta(days=2))
    _returned(cast)
    client.force_login(cast.officer)
    assert client.get("/api/deadlines/").json()["count"] == 2
    overdue = client.get("/api/deadlines/?overdue=true").json()
    assert overdue["count"] == 1 and overdue["results"][0]["overdue"] is True


def test_officer_deadlines_follow_the_assigned_officer(cast):
    from tasks_kh_cn.models import TaskCase
    from tasks_kh_cn.services.cases import assign_officer
    from tests.factories import walk

    case = walk(make_case(cast.host), cast, until="accept_acceptance_dossier")
    case = TaskCase.objects.get(pk=case.pk)
    first = case.assigned_officer
    other = cast.other_officer if first == cast.officer else cast.officer
    assert [d.code for d in deadlines_owed_by(first)] == ["acceptance_validity_check"]
    assign_officer(case=case, officer=other)
    assert [d.code for d in deadlines_owed_by(other)] == ["acceptance_validity_check"]
    assert list(deadlines_owed_by(first)) == []
