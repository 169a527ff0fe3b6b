"""What the council page shows to whom, read in a fixed number of queries.

Blindness is the selectors' job: the other members' ballots come only from
``selectors.visible_ballots`` (nothing before the round closes); the secretary's view of
the round reads ballot *statuses*, never their content.
"""

from decimal import Decimal

from django.utils import timezone

from tasks_kh_cn.numbers import money
from workflows.lifecycle import TERMINAL
from workflows.permissions import has_object_perm
from workflows.roles import user_roles
from workflows.services import all_transitions

from .. import selectors
from ..aggregation import deviation_reason
from ..criteria_labels import criterion_label
from ..models import Ballot, BallotStatus, CouncilStatus, CouncilType, Rating, Verdict
from ..permissions import OPEN_DOSSIER, can_decide, can_manage, can_read_results, is_department
from ..services.decisions import decision_transition
from ..services.rounds import quorum_of
from .forms import (
    BallotForm,
    CloseRoundForm,
    ConflictForm,
    DecideForm,
    ReplaceForm,
    SecondRoundForm,
    ballot_initial,
    people_choices,
)
from .meeting_forms import AttendanceForm, MeetingForm


def meeting_initial(meeting) -> dict:
    if meeting is None:
        return {}
    return {"starts_at": timezone.localtime(meeting.starts_at), "place": meeting.place,
            "online_link": meeting.online_link, "agenda": meeting.agenda}


def ballot_total(ballot, criteria):
    """Sum of the point criteria (the 100-point ballot); None when the ballot has none."""
    points = {c["code"] for c in criteria if c["scale"] == "points"}
    if not points:
        return None
    return sum((item.score or Decimal(0) for item in ballot.items.all()
                if item.criterion in points), Decimal(0))


def voters(council) -> set[int]:
    """The members with a ballot submitted this round: the roll-call names them, since
    recording one absent drops it."""
    return set(Ballot.objects.filter(council=council, round=council.round,
                                     status=BallotStatus.SUBMITTED)
               .values_list("member_id", flat=True))


def _cells(ballot, criteria):
    values = {item.criterion: item for item in ballot.items.all()}
    cells = []
    for criterion in criteria:
        item = values.get(criterion["code"])
        if item is None:
            cells.append({"label": criterion_label(criterion), "value": "—", "comment": ""})
        elif item.score is not None:
            cells.append({"label": criterion_label(criterion),
                          "value": item.score.normalize() if criterion["scale"] == "points"
                          else money(item.score), "comment": item.comment})
        else:
            cells.append({"label": criterion_label(criterion), "value": _rating_label(item.rating),
                          "comment": item.comment})
    return cells


def _rating_label(value):
    for choices in (Verdict, Rating):
        if value in choices.values:
            return choices(value).label
    return value


def _results(council, outcome, ballots, members_by_pk, dossiers):
    """After the round closed: every counted ballot with its total, invalid ones with why."""
    invalid = {}
    averages = {}
    for entry in (outcome.details.get("ranking", []) if outcome else []):
        averages[entry["case"]] = entry
        for item in entry["invalid"]:
            invalid[(entry["case"], item["member"])] = deviation_reason(item)
    by_dossier = []
    for dossier in dossiers:
        rows = []
        for ballot in ballots:
            if ballot.dossier_id != dossier.pk or ballot.round != council.round:
                continue
            member = members_by_pk.get(ballot.member_id)
            rows.append({
                "member": member, "ballot": ballot,
                "cells": _cells(ballot, council.criteria),
                "total": ballot_total(ballot, council.criteria),
                "overall": _rating_label(ballot.overall) if ballot.overall else "",
                "invalid": invalid.get((dossier.case_id, ballot.member_id)),
                "counted": member is not None and member.present and not member.is_excluded,
            })
        by_dossier.append({"dossier": dossier, "rows": rows,
                           "ranking": averages.get(dossier.case_id)})
    return by_dossier


def council_context(council, user, *, bound=None, error=None):
    """The page for ``user`` (who may view the council: the view checked that).

    ``bound``: {"conflict"|"ballot:<dossier pk>"|"replace:<member pk>"|"decide"|"second":
    form} re-shown with what was typed and its errors.
    """
    bound = bound or {}
    members = list(council.members.select_related("user__profile").order_by("seat", "id"))
    members_by_pk = {m.pk: m for m in members}
    active = [m for m in members if m.replaced_by_id is None]
    me = next((m for m in active if m.user_id == user.pk), None)
    department = is_department(user)
    secretary = me is not None and me.role == "secretary" and not me.is_excluded
    dossiers = list(council.dossiers.select_related("case").order_by("id"))
    outcome = selectors.latest_outcome(council)
    closed = council.status in (CouncilStatus.CLOSED, CouncilStatus.DECIDED)
    session = council.status == CouncilStatus.IN_SESSION
    may_manage = bool(can_manage(user, council)) if "officer" in user_roles(user) else False
    may_decide = bool(can_decide(user, council))

    # The secretary and the department see who has declared / submitted, not what.
    progress = None
    statuses = {}  # member → [submitted?] of their ballots this round (secretary, department)
    if secretary or department:
        for member_id, status in Ballot.objects.filter(
                council=council, round=council.round).values_list("member_id", "status"):
            done = status == BallotStatus.SUBMITTED
            statuses.setdefault(member_id, []).append(done)
        progress = [{
            "member": m,
            "submitted": len([d for d in statuses.get(m.pk, []) if d]) >= len(dossiers),
            "drafting": bool(statuses.get(m.pk)),
        } for m in active]
    # The running totals the round section shows (and htmx refreshes): counts only, the
    # marks stay sealed until the round is closed.
    totals = None
    if progress is not None:
        seated = [p for p in progress if not p["member"].is_excluded]
        totals = {"seats": len(seated),
                  "submitted": sum(1 for p in seated if p["submitted"]),
                  "drafting": sum(1 for p in seated if p["drafting"] and not p["submitted"]),
                  "declared": sum(1 for p in seated if p["member"].conflict != "undeclared"),
                  "excluded": len(progress) - len(seated)}

    # My conflict declaration, then my ballot(s) of the current round.
    conflict_form = None
    ballot_forms = []
    if (me is not None and me.conflict == "undeclared"
            and council.status in (CouncilStatus.FORMING, CouncilStatus.IN_SESSION)):
        conflict_form = bound.get("conflict") or ConflictForm()
    if me is not None and me.is_cleared and session:
        mine = {b.dossier_id: b for b in Ballot.objects.filter(
            member=me, round=council.round).prefetch_related("items")}
        for dossier in dossiers:
            ballot = mine.get(dossier.pk)
            form = bound.get(f"ballot:{dossier.pk}") or BallotForm(
                council=council, dossier=dossier, initial=ballot_initial(ballot))
            ballot_forms.append({
                "dossier": dossier, "form": form, "ballot": ballot,
                "submitted": ballot is not None and ballot.status == BallotStatus.SUBMITTED,
                "cells": _cells(ballot, council.criteria) if ballot else [],
                "total": ballot_total(ballot, council.criteria) if ballot else None,
                "overall": _rating_label(ballot.overall) if ballot and ballot.overall else "",
            })

    results = None
    may_read_results = bool(can_read_results(user, council, members=members))
    if closed and outcome is not None and may_read_results:
        ballots = [b for b in selectors.visible_ballots(council, user)
                   if b.round == council.round]
        results = _results(council, outcome, ballots, members_by_pk, dossiers)

    quorum = quorum_of(council, members) if (secretary or department) and session else None
    seated = [m for m in active if not m.is_excluded]
    too_few = len(seated) < council.rules_snapshot.get("min_members", 0)

    replace_forms = []
    if may_manage and council.status in (CouncilStatus.FORMING, CouncilStatus.IN_SESSION):
        people = None
        for member in active:
            if member.is_excluded or not member.present:
                if people is None:
                    people = people_choices(exclude=[m.user_id for m in members])
                replace_forms.append(bound.get(f"replace:{member.pk}") or ReplaceForm(
                    people=people, member=member))

    meeting = council.meetings.filter(round=council.round).first()
    meeting_form = attendance_form = None
    if may_manage and council.status in (CouncilStatus.FORMING, CouncilStatus.IN_SESSION) \
            and not (meeting and meeting.attendance_recorded_at):
        meeting_form = bound.get("meeting") or MeetingForm(initial=meeting_initial(meeting))
    if secretary and session and meeting is not None:
        attendance_form = bound.get("attendance") or AttendanceForm(
            members=[m for m in active if not m.is_excluded],
            voted={member for member, done in statuses.items() if any(done)})

    return {
        "meeting": meeting, "meeting_form": meeting_form, "attendance_form": attendance_form,
        "council": council, "case": council.case, "members": members, "active": active,
        "me": me, "secretary": secretary, "department": department, "dossiers": dossiers,
        "outcome": outcome, "closed": closed, "session": session, "error": error,
        "progress": progress, "totals": totals, "quorum": quorum,
        # close_round refuses while a member present has not submitted: say so beforehand.
        "missing": [p["member"] for p in progress or [] if p["member"].present
                    and not p["member"].is_excluded and not p["submitted"]], "too_few": too_few,
        "seated_count": len(seated), "conflict_form": conflict_form,
        "ballot_forms": ballot_forms, "results": results,
        "criteria": council.criteria,
        "is_acceptance": council.council_type == CouncilType.ACCEPTANCE,
        "may_open_dossier": department or (me is not None and has_object_perm(
            user, OPEN_DOSSIER, council)),
        "may_decide": may_decide and council.status == CouncilStatus.CLOSED,
        "decide_form": bound.get("decide") or DecideForm(council=council, outcome=outcome),
        "decide_action": _decide_action(council, outcome),
        "second_form": bound.get("second") or SecondRoundForm(),
        "close_form": (bound.get("close") or CloseRoundForm()) if secretary and session else None,
        "replace_forms": replace_forms,
        "minutes": outcome is not None and may_read_results,
    }


def _decide_action(council, outcome):
    """What the decision button does, in words: the case transition it takes (issue 13: a bare
    "Quyết định" hid it), and whether that ends the case."""
    if outcome is None or outcome.result == "tie":
        return None
    name = decision_transition(council, outcome)
    spec = all_transitions()[name]
    return {"label": spec.custom["label"], "ends_case": spec.target in TERMINAL}
