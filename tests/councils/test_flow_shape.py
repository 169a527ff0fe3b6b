"""The council flow's tasks per seat: the split sends each seat straight to its first task
(declaration, ballot or replacement), and a declaration passes one gate, not the two the
split's old path wrote for every seat (workflows/councils/flow.py)."""

from collections import Counter

import pytest

from tasks_kh_cn.councils.services import close_round, declare_conflict, request_second_round
from tests.councils.helpers import ballot_items
from workflows.councils.base import council_and_process_agree, open_task, process_of

pytestmark = pytest.mark.django_db


def tasks_by_node(council) -> Counter:
    return Counter(task.flow_task.name for task in process_of(council).task_set.all())


def test_forming_writes_a_declaration_per_seat_and_no_gate_per_seat(formed):
    council, users = formed
    tasks = tasks_by_node(council)
    assert tasks["declare_conflict"] == len(users) == 7
    assert tasks["seat_check"] == tasks["conflict_check"] == tasks["declared"] == 0
    # start, open_round, the split, the secretary's close task, and the seven declarations
    assert sum(tasks.values()) == 4 + 7
    assert council_and_process_agree(council)


def test_a_declaration_passes_one_gate_to_the_ballot_or_the_replacement(formed,
                                                                         identification_case):
    council, users = formed
    declare_conflict(council=council, user=users[2], has_conflict=False)
    declare_conflict(council=council, user=users[4], has_conflict=True, note="Đồng tác giả")
    tasks = tasks_by_node(council)
    assert tasks["declared"] == 2
    assert tasks["seat_check"] == tasks["conflict_check"] == 0
    process = process_of(council)
    assert open_task(process, "cast_ballot", seat=3).owner == users[2]
    assert open_task(process, "replace_member", seat=5).owner == (
        identification_case.assigned_officer)
    assert open_task(process, "declare_conflict", seat=3) is None
    assert council_and_process_agree(council)


def test_a_second_round_sends_the_cleared_seats_straight_to_the_ballot(formed, cast):
    from tasks_kh_cn.councils.models import Council
    from tasks_kh_cn.councils.services import submit_ballot

    council, users = formed
    for user in users:
        declare_conflict(council=council, user=user, has_conflict=False)
        submit_ballot(council=council, user=user, items=ballot_items(council))
    close_round(council=council, by=users[1])
    before = tasks_by_node(council)
    request_second_round(council=Council.objects.get(pk=council.pk), by=cast.approver,
                         reason="Cần làm rõ tính mới")
    added = tasks_by_node(council) - before
    assert added["cast_ballot"] == 7
    assert added["declare_conflict"] == added["seat_check"] == added["conflict_check"] == 0
    assert council_and_process_agree(Council.objects.get(pk=council.pk))


def test_a_first_submission_inserts_its_ballot_once_with_its_final_status(formed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tasks_kh_cn.councils.models import Ballot
    from tasks_kh_cn.councils.services import submit_ballot

    council, users = formed
    declare_conflict(council=council, user=users[3], has_conflict=False)
    with CaptureQueriesContext(connection) as queries:
        submit_ballot(council=council, user=users[3], items=ballot_items(council))
    table = Ballot._meta.db_table
    writes = [q["sql"].split()[0] for q in queries.captured_queries
              if f'"{table}"' in q["sql"].split(" WHERE ")[0]
              and q["sql"].startswith(("INSERT", "UPDATE"))]
    assert writes == ["INSERT"]
    ballot = Ballot.objects.get(council=council, member__user=users[3])
    assert ballot.status == "submitted" and ballot.items.count() == len(council.criteria)
