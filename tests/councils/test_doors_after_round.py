"""Issue 9, finding 3: the council's doors once the round is closed.

Only the department and the members still seated who declared no conflict read the
others' ballots and the minutes; the applicant never sees who owes a ballot; a decided
council owes no ballot. One rule (``councils.permissions``) behind the API, the page and
the minutes download, so each door is tried through each of them.
"""

import pytest
from django.utils import timezone

from notifications.models import Deadline, DeadlineStatus
from tasks_kh_cn.councils.models import Council
from tasks_kh_cn.councils.services import (
    close_round,
    decide,
    declare_conflict,
    form_council,
    mark_absent,
    replace_member,
)
from tests.councils.helpers import council_people, member_specs
from tests.councils.test_api import client_for, url
from tests.factories import make_case, walk
from tests.web.councils_pages import browser, page_of, vote

SECRET = "Nhận xét riêng của thành viên số"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def council_of(cast, size=8):
    """An identification council of ``size`` (the rule allows 7 to 9), ballots open."""
    case = walk(make_case(cast.host), cast, until="list_task")
    users = council_people(size)
    council = form_council(case=case, council_type="identification",
                           members=member_specs(users), by=case.assigned_officer)
    return council, users, case


def vote_with_secret(council, user, n):
    vote(council, user, comment=f"{SECRET} {n}")


def ballot_seats(client, council):
    response = client.get(url(council, "ballots/"))
    assert response.status_code == 200
    return [b["seat"] for b in response.json()]


def test_a_member_absent_without_declaring_sees_no_ballot_after_the_close(cast):
    council, users, _case = council_of(cast)
    absent = users[7]
    mark_absent(council=council, member=council.members.get(user=absent), by=users[1])
    for n, user in enumerate(users[:7]):
        vote_with_secret(council, user, n)
    close_round(council=council, by=users[1])

    # A member who voted reads every ballot; the absent one who never declared, none.
    assert len(ballot_seats(client_for(users[2]), council)) == 7
    assert ballot_seats(client_for(absent), council) == []
    page = browser(absent).get(page_of(council))
    assert page.status_code == 200 and SECRET not in page.content.decode()
    assert SECRET in browser(users[2]).get(page_of(council)).content.decode()
    for fmt in ("docx", "pdf"):
        refused = client_for(absent).get(url(council, f"minutes.{fmt}"))
        assert refused.status_code == 403 and refused.json()["detail"]
        assert browser(absent).get(f"{page_of(council)}minutes.{fmt}").status_code == 403
    assert client_for(users[2]).get(url(council, "minutes.pdf")).status_code == 200


def test_a_conflicted_member_who_was_replaced_cannot_download_the_minutes(cast):
    council, users, case = council_of(cast, size=7)
    conflicted = users[6]
    declare_conflict(council=council, user=conflicted, has_conflict=True, note="Người thân")
    stand_in = council_people(1)[0]
    replace_member(council=council, member=council.members.get(user=conflicted),
                   user=stand_in, by=case.assigned_officer)
    for n, user in enumerate([*users[:6], stand_in]):
        vote_with_secret(council, user, n)
    close_round(council=council, by=users[1])

    for fmt in ("docx", "pdf"):
        assert client_for(conflicted).get(url(council, f"minutes.{fmt}")).status_code == 403
        assert browser(conflicted).get(f"{page_of(council)}minutes.{fmt}").status_code == 403
        assert client_for(stand_in).get(url(council, f"minutes.{fmt}")).status_code == 200
    assert ballot_seats(client_for(conflicted), council) == []
    assert SECRET not in browser(conflicted).get(page_of(council)).content.decode()


def deadline_codes(client):
    response = client.get("/api/deadlines/", {"page_size": 100})
    assert response.status_code == 200
    return [(d["code"], d["owed_by_user"]) for d in response.json()["results"]]


def test_the_applicant_never_sees_who_owes_a_ballot(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        council, users, case = council_of(cast, size=7)
    ballots = Deadline.objects.filter(case=case, code__endswith="-ballot")
    assert ballots.count() == 7  # the members owe them (deadlines open after commit)
    # The applicant owes something on the case too (the identification decision now counts
    # from the council's session, so nothing else is open yet): they see theirs, not ballots.
    Deadline.objects.create(
        case=case, rule_set=case.rule_set, code="host_obligation", title="Bổ sung thuyết minh",
        owed_by_role="enterprise", owed_by_user=cast.host, due_at=timezone.now(),
        due_on=timezone.localdate(), amount=5, unit="working_days", legal_basis="TT 06/2023")

    applicant = deadline_codes(client_for(cast.host))
    assert applicant and not [code for code, _user in applicant if code.endswith("-ballot")]
    declare_conflict(council=council, user=users[2], has_conflict=False)  # opens the case
    member = [who for code, who in deadline_codes(client_for(users[2]))
              if code.endswith("-ballot")]
    assert member == [users[2].pk]
    officer = [who for code, who in deadline_codes(client_for(case.assigned_officer))
               if code.endswith("-ballot")]
    assert sorted(officer) == sorted(u.pk for u in users)


def test_a_council_decided_in_one_transaction_owes_no_ballot(
        cast, django_capture_on_commit_callbacks):
    """The demo seeds whole councils in one transaction: the round's deadlines, created
    after commit, used to open on a council already decided."""
    with django_capture_on_commit_callbacks(execute=True):
        council, users, case = council_of(cast, size=7)
        for user in users:
            vote(council, user)
        close_round(council=council, by=users[1])
        decide(council=Council.objects.get(pk=council.pk), by=cast.approver,
               data={"decision_number": "5/QĐ", "decision_date": "2026-01-05"})
    assert not Deadline.objects.filter(case=case, code__endswith="-ballot",
                                       status=DeadlineStatus.OPEN).exists()


def test_deciding_cancels_the_ballot_deadlines_still_open(
        cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        council, users, case = council_of(cast, size=7)
    for user in users:
        vote(council, user)
    close_round(council=council, by=users[1])
    # One left open by hand (as rows left by earlier code are): the decision closes it
    # through the deadline's own transition, recorded as closed by the decision.
    Deadline.objects.filter(pk=Deadline.objects.filter(
        case=case, code__endswith="-ballot").first().pk).update(status=DeadlineStatus.OPEN)
    decide(council=Council.objects.get(pk=council.pk), by=cast.approver,
           data={"decision_number": "5/QĐ", "decision_date": "2026-01-05"})
    left = Deadline.objects.filter(case=case, code__endswith="-ballot")
    assert not left.filter(status=DeadlineStatus.OPEN).exists()
    assert left.filter(closed_by_transition="council_decided").count() == 1
