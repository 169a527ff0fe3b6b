"""Twenty officers' clicks at once: exactly one approval, the rest a clean conflict."""

import threading

import pytest
from django.db import connection

from tasks_kh_cn.models import TaskCase, TransitionLog
from tests.factories import Cast, make_case, research_path, walk
from workflows.lifecycle import Status
from workflows.services import TransitionConflict, desk_and_process_agree, perform_transition


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_approve_once(postgres_only):
    cast = Cast()
    case = walk(make_case(cast.host), cast, until="approve")
    assert case.status == Status.AWAITING_APPROVAL
    payload = dict(next(step for step in research_path(cast) if step[0] == "approve")[2])
    barrier = threading.Barrier(20)
    outcomes, errors = [], []

    def attempt():
        try:
            stale = TaskCase.objects.get(pk=case.pk)
            barrier.wait(timeout=30)
            perform_transition(case=stale, name="approve", user=cast.approver, data=payload)
            outcomes.append("ok")
        except TransitionConflict as exc:
            outcomes.append("conflict")
            assert exc.status_code == 409
        except Exception as exc:  # noqa: BLE001 - any other failure fails the test below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert outcomes.count("ok") == 1
    assert outcomes.count("conflict") == 19
    case.refresh_from_db()
    assert case.status == Status.CONTRACT_DRAFTING
    assert TransitionLog.objects.filter(case=case, transition="approve").count() == 1
    assert desk_and_process_agree(case)


@pytest.mark.django_db(transaction=True)
def test_stale_instance_is_a_conflict_not_an_overwrite():
    """A caller holding an old copy of the case cannot move it from a status it left."""
    cast = Cast()
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    stale = TaskCase.objects.get(pk=case.pk)
    perform_transition(case=case, name="accept_proposal", user=cast.officer)
    with pytest.raises(TransitionConflict):
        perform_transition(case=stale, name="return_proposal", user=cast.officer,
                           data={"comment": "Thiếu tài liệu"})
    case.refresh_from_db()
    assert case.status == Status.IDENTIFICATION_REVIEW
