"""A council's members owe their ballots: a deadline each, reminded like any other."""

import pytest

from notifications.models import Deadline, DeadlineStatus
from tasks_kh_cn.councils.services import (
    close_round,
    declare_conflict,
    form_council,
    mark_absent,
    submit_ballot,
)
from tests.councils.helpers import ballot_items, council_people, member_specs
from tests.factories import make_case, walk

pytestmark = pytest.mark.django_db(transaction=True)


def ballot_deadlines(case):
    return Deadline.objects.filter(case=case, code__endswith="-ballot")


def test_each_member_owes_a_ballot_by_the_due_date_and_submitting_meets_it(cast):
    case = walk(make_case(cast.host), cast, until="list_task")
    specs = member_specs(council_people(7))
    council = form_council(case=case, council_type="identification", members=specs,
                           by=case.assigned_officer)
    council.refresh_from_db()
    owed = ballot_deadlines(case)
    assert {d.owed_by_user_id for d in owed} == {s["user"].pk for s in specs}
    assert {d.due_on for d in owed} == {council.ballots_due}
    assert all("TT 06/2023" in d.legal_basis for d in owed)

    first = specs[0]["user"]
    declare_conflict(council=council, user=first, has_conflict=False)
    submit_ballot(council=council, user=first, items=ballot_items(council))
    assert owed.get(owed_by_user=first).status == DeadlineStatus.SATISFIED
    assert owed.filter(status=DeadlineStatus.OPEN).count() == 6

    # Five more vote; the seventh (an ordinary member) is absent: the round closes.
    for spec in specs[1:6]:
        declare_conflict(council=council, user=spec["user"], has_conflict=False)
        submit_ballot(council=council, user=spec["user"], items=ballot_items(council))
    absent = council.members.get(user=specs[6]["user"])
    mark_absent(council=council, member=absent, by=specs[1]["user"])
    close_round(council=council, by=specs[1]["user"])  # specs[1] is the secretary
    assert owed.filter(status=DeadlineStatus.OPEN).count() == 0
    assert owed.get(owed_by_user=specs[6]["user"]).status == DeadlineStatus.CANCELLED
