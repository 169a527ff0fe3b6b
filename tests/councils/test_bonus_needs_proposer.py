"""TT 20/2023: the +10% selection bonus goes to a host that also proposed the task; a case
with no proposer recorded is not "proposed by its host" (seven ballots of 70 stay 70)."""

from tasks_kh_cn.councils.models import Outcome
from tasks_kh_cn.councils.services import close_round, declare_conflict, form_council, submit_ballot

from .helpers import ballot_items, council_people, member_specs
from .test_council_types import case_in_selection_review


def final_score(cast, **fields):
    case = case_in_selection_review(cast, **fields)
    specs = member_specs(council_people(7), "selection")
    council = form_council(case=case, council_type="selection", members=specs, by=cast.officer)
    for spec in specs:
        declare_conflict(council=council, user=spec["user"], has_conflict=False)
        submit_ballot(council=council, user=spec["user"], dossier=case,
                      items=ballot_items(council, score=70))
    close_round(council=council, by=specs[1]["user"])
    ranking = Outcome.objects.get(council=council, round=1).details["ranking"]
    return ranking[0]


def test_seven_ballots_of_seventy_without_a_proposer_stay_seventy(cast):
    first = final_score(cast)
    assert 70 <= first["average"] < 71  # every criterion scored 70 % (on its step)
    assert not first["bonus"] and first["final"] == first["average"]


def test_the_host_that_proposed_it_gets_the_bonus(cast):
    host = cast.host.organisations.first()
    first = final_score(cast, proposer=host)
    assert first["bonus"] and abs(first["final"] - first["average"] * 1.1) < 0.01

