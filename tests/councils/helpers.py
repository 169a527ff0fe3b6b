"""Running councils through their services, as the people on them would."""

import itertools

from tasks_kh_cn.councils.models import Council
from tasks_kh_cn.councils.services import (
    close_round,
    decide,
    declare_conflict,
    form_council,
    submit_ballot,
)
from tasks_kh_cn.councils.services.ballots import on_step
from workflows.roles import Role

_seq = itertools.count(1)

SIZES = {"identification": 7, "selection": 7, "direct_assignment": 7, "budget_appraisal": 5,
         "acceptance": 9}


def council_people(n):
    """``n`` people with the reviewer role (no password: tests log them in directly, and
    skipping the password hash keeps a walk through three councils fast)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    group, _created = Group.objects.get_or_create(name=Role.REVIEWER)
    users = []
    for _ in range(n):
        number = next(_seq)
        user = get_user_model().objects.create(username=f"hd{number}",
                                               first_name=f"Thành viên {number}")
        user.groups.add(group)
        users.append(user)
    return users


def member_specs(users, council_type="identification"):
    """Chair, secretary, the reviewers the rule needs, ordinary members for the rest."""
    reviewers = 0 if council_type == "budget_appraisal" else 2
    roles = ["chair", "secretary", *["reviewer"] * reviewers]
    roles += ["member"] * (len(users) - len(roles))
    return [{"user": user, "role": role} for user, role in zip(users, roles, strict=True)]


def ballot_items(council, *, score=None, rating="pass", verdict="meets", amount=None):
    """A full ballot: points scaled from ``score``/100 per criterion, or ratings."""
    items = {}
    for criterion in council.criteria:
        if criterion["scale"] == "points":
            value = (score if score is not None else 80) * criterion["max_score"] / 100
            items[criterion["code"]] = {"score": on_step(criterion, value)}
        elif criterion["scale"] == "pass_fail":
            items[criterion["code"]] = {"rating": verdict}
        elif criterion["scale"] == "rating":
            items[criterion["code"]] = {"rating": rating}
        else:
            items[criterion["code"]] = {"score": amount}
    return items


def vote_all(council, members, **ballot):
    overall = ballot.pop("overall", "")
    for member in members:
        declare_conflict(council=council, user=member["user"], has_conflict=False)
        submit_ballot(council=council, user=member["user"], overall=overall,
                      items=ballot_items(council, **ballot))


def run_council(case, cast, council_type, *, decision=None, **ballot):
    """Form, vote, close and decide: the case takes the FSM transition the outcome calls for."""
    specs = member_specs(council_people(SIZES[council_type]), council_type)
    council = form_council(case=case, council_type=council_type, members=specs,
                           by=case.assigned_officer)
    decision = dict(decision or {})
    if council_type == "acceptance":
        ballot.setdefault("overall", ballot.get("rating", "pass"))
        # The approver records the result with the number of the meeting's minutes.
        decision.setdefault("minutes_number", f"{case.pk}/BB-HĐNT")
    if council_type == "budget_appraisal":
        ballot.setdefault("amount", case.requested_budget)
    vote_all(council, specs, **ballot)
    secretary = next(s["user"] for s in specs if s["role"] == "secretary")
    close_round(council=council, by=secretary)
    decider = cast.finance if council_type == "budget_appraisal" else cast.approver
    decide(council=Council.objects.get(pk=council.pk), by=decider, data=decision)
    return type(case).objects.get(pk=case.pk)
