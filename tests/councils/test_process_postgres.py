"""Nine reviewers act at the same time through the acceptance council's viewflow process.

PostgreSQL only: the flow takes ``select_for_update_lock`` on the process row, and the
Join must fire exactly once however the members' submissions interleave.
"""

import threading
import time

import pytest
from django.db import connection
from viewflow.workflow import lock
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from tasks_kh_cn.councils.models import Council, Outcome
from tasks_kh_cn.councils.services import close_round, decide, declare_conflict, submit_ballot
from tasks_kh_cn.councils.services.forming import form_council
from tests.councils.helpers import ballot_items, council_people, member_specs
from tests.factories import Cast, make_case, walk
from workflows.councils import council_flow
from workflows.councils.base import process_of
from workflows.services import desk_and_process_agree

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_nine_reviewers_in_parallel_end_in_the_case_transition(postgres_only):
    assert council_flow().lock_impl is lock.select_for_update_lock
    cast = Cast()
    case = walk(make_case(cast.host), cast, until="record_acceptance")
    assert case.status == "acceptance_review"
    specs = member_specs(council_people(9), "acceptance")
    council = form_council(case=case, council_type="acceptance", members=specs,
                           by=case.assigned_officer, products=["Quy trình công nghệ", "Mô hình"])
    ratings = ["excellent"] * 7 + ["pass"] * 2  # 7/9 ≥ 3/4 Xuất sắc, none Không đạt
    barrier = threading.Barrier(len(specs))
    errors = []

    def member_acts(spec, rating):
        try:
            barrier.wait(timeout=30)
            declare_conflict(council=council, user=spec["user"], has_conflict=False)
            submit_ballot(council=council, user=spec["user"], overall=rating,
                          items=ballot_items(council, rating=rating))
        except Exception as exc:  # reported below, with the thread's user
            errors.append((spec["user"].username, repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=member_acts, args=(spec, rating))
               for spec, rating in zip(specs, ratings, strict=True)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    print(f"9 members × (declaration + ballot) in parallel: {time.monotonic() - started:.2f}s")
    assert errors == []

    process = process_of(council)
    seat_tasks = Task.objects.filter(process=process, flow_task_type="HUMAN")
    assert seat_tasks.filter(status=STATUS.DONE).count() == 9 * 2  # declaration + ballot
    secretary = next(s["user"] for s in specs if s["role"] == "secretary")
    close_round(council=council, by=secretary)

    joins = [t for t in Task.objects.filter(process=process) if t.flow_task.name == "round_done"]
    assert len(joins) == 1 and joins[0].status == STATUS.DONE
    outcome = Outcome.objects.get(council=council)
    assert outcome.result == "excellent"
    assert outcome.rule_set_code == "thanh-hoa-2023"
    assert outcome.details["counts"] == {"excellent": 7, "pass": 2, "fail": 0, "total": 9}

    decide(council=council, by=cast.approver, data={"minutes_number": "01/BB-HĐNT"})
    case.refresh_from_db()
    assert case.status == "post_review_revision" and case.acceptance_rating == "excellent"
    assert desk_and_process_agree(case)
    assert Council.objects.get(pk=council.pk).status == "decided"
    process = process_of(council)
    assert process.status == PROCESS.DONE
    assert not Task.objects.filter(process=process, status__in=[STATUS.NEW, STATUS.ASSIGNED,
                                                                 STATUS.STARTED]).exists()
