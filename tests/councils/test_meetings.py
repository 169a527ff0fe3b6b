"""Councils that meet (issue 11 point 2): the meeting, papers due counted back in working
days across Tết 2027, attendance at the meeting, ballots before or at it, the decision
deadline from it, and the result published on a public page (the dossier stays private)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from notifications.models import Deadline
from tasks_kh_cn.councils.errors import CouncilConflict, CouncilError, CouncilForbidden
from tasks_kh_cn.councils.models import Council, PublishedResult
from tasks_kh_cn.councils.services import close_round, decide, declare_conflict, submit_ballot
from tasks_kh_cn.councils.services.meetings import (
    papers_due_before,
    record_attendance,
    schedule_meeting,
)
from tests.councils.helpers import ballot_items
from workflows.councils.base import council_and_process_agree

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# Tết 2027: days off Thu 4 – Wed 10 February (the `holidays` calendar).
MEETING = datetime.datetime(2027, 2, 12, 8, 30, tzinfo=HCM)  # Friday after Tết
BEFORE = datetime.datetime(2027, 1, 20, 9, 0, tzinfo=HCM)
AT_MEETING = datetime.datetime(2027, 2, 12, 8, 45, tzinfo=HCM)


def schedule(council, by, **overrides):
    fields = dict(starts_at=MEETING, place="Phòng họp tầng 3, Sở KH&CN",
                  agenda="1. Phản biện\n2. Bỏ phiếu", now=BEFORE)
    fields.update(overrides)
    return schedule_meeting(council=council, by=by, **fields)


def test_papers_are_due_five_working_days_before_the_meeting_across_tet():
    # 11/2 (1) · 4–10/2 Tết · 3/2 (2) · 2/2 (3) · 1/2 (4) · 29/1 (5); a calendar count
    # would give 7/2, in the middle of Tết.
    assert papers_due_before(MEETING.date(), 5) == datetime.date(2027, 1, 29)
    assert papers_due_before(MEETING.date(), 7) == datetime.date(2027, 1, 27)


def test_the_officer_schedules_the_meeting_and_its_deadlines_follow_it(formed):
    council, users = formed
    officer = council.case.assigned_officer
    meeting = schedule(council, officer)

    assert meeting.papers_due == datetime.date(2027, 1, 29)  # TT 06/2023: 5 working days
    # 15 days from the meeting end on Saturday 27/02: the next working day (Civil Code art. 148).
    assert meeting.decision_due == datetime.date(2027, 3, 1)
    council = Council.objects.get(pk=council.pk)
    assert council.ballots_due == MEETING.date()
    papers = Deadline.objects.get(case=council.case, code=f"council-{council.pk}-papers")
    assert (papers.due_on, papers.amount, papers.unit) == (
        datetime.date(2027, 1, 29), 5, "working_days")
    assert "TT 06/2023" in papers.legal_basis
    decision = Deadline.objects.get(case=council.case, code=f"council-{council.pk}-decision")
    assert (decision.due_on, decision.owed_by_role) == (datetime.date(2027, 3, 1), "approver")

    # Moved a week later: the same meeting and the same deadlines, new dates.
    moved = schedule(council, officer, starts_at=MEETING + datetime.timedelta(days=7))
    assert moved.pk == meeting.pk and moved.papers_due == datetime.date(2027, 2, 12)
    assert Deadline.objects.filter(case=council.case,
                                   code=f"council-{council.pk}-papers").count() == 1


def test_a_meeting_needs_a_place_or_link_an_agenda_and_time_for_the_papers(formed, cast):
    council, users = formed
    officer = council.case.assigned_officer
    with pytest.raises(CouncilError) as refused:
        schedule(council, officer, place="", online_link="", agenda=" ")
    assert {"place", "online_link", "agenda"} <= set(refused.value.errors)
    # Papers due 29/1 are already late on 1/2.
    with pytest.raises(CouncilError) as late:
        schedule(council, officer, now=datetime.datetime(2027, 2, 1, 9, tzinfo=HCM))
    assert "29/01/2027" in late.value.errors["starts_at"][0]
    online = schedule(council, officer, place="", online_link="https://hop.thanhhoa.gov.vn/a")
    assert online.online_link
    # Only the officer handling the case: not a member, not the approver, not another officer.
    for outsider in (users[2], cast.approver, cast.other_officer):
        with pytest.raises(CouncilForbidden):
            schedule(council, outsider)


def test_attendance_at_the_meeting_gates_the_ballots_and_the_close(formed, cast):
    council, users = formed
    chair, secretary, absent = users[0], users[1], users[6]
    schedule(council, council.case.assigned_officer)
    for user in users:
        declare_conflict(council=council, user=user, has_conflict=False)
    for user in users[:6]:
        submit_ballot(council=council, user=user, items=ballot_items(council))

    with pytest.raises(CouncilConflict):  # not before the meeting day
        record_attendance(council=council, by=secretary, present=[], now=BEFORE)
    with pytest.raises(CouncilConflict):  # the meeting concludes on its attendance
        close_round(council=council, by=secretary)
    with pytest.raises(CouncilForbidden):  # the secretary's act
        record_attendance(council=council, by=chair, present=[], now=AT_MEETING)

    members = {m.user_id: m.pk for m in council.members.all()}
    record_attendance(council=council, by=secretary, now=AT_MEETING,
                      present=[members[u.pk] for u in users[:6]])
    with pytest.raises(CouncilConflict) as refused:
        submit_ballot(council=council, user=absent, items=ballot_items(council))
    assert "vắng mặt" in refused.value.message

    papers = Deadline.objects.get(case=council.case, code=f"council-{council.pk}-papers")
    assert (papers.status, papers.closed_by_transition) == ("satisfied", "meeting_held")
    close_round(council=council, by=secretary)
    # TT 06/2023: the identification decision within 15 days of the meeting (12/02/2027), not
    # of the day the round was closed; 27/02 is a Saturday, so Monday 01/03.
    identification = Deadline.objects.get(case=council.case, code="identification_decision")
    assert identification.due_on == datetime.date(2027, 3, 1)
    decide(council=Council.objects.get(pk=council.pk), by=cast.approver,
           data={"decision_number": "15/QĐ-SKHCN", "decision_date": "2026-12-01"})
    council = Council.objects.get(pk=council.pk)
    assert council.case.status == "listed"
    assert council_and_process_agree(council)
    decided = Deadline.objects.get(case=council.case, code=f"council-{council.pk}-decision")
    assert decided.status == "satisfied"
    published = PublishedResult.objects.get(council=council)
    assert (published.decision_number, published.decision_date) == (
        "15/QĐ-SKHCN", datetime.date(2026, 12, 1))
    assert (published.keep_until - published.published_at.date()).days >= 60


def test_the_results_page_is_public_and_shows_nothing_confidential(formed, cast):
    council, users = formed
    for user in users:
        declare_conflict(council=council, user=user, has_conflict=False)
        submit_ballot(council=council, user=user, comment="Nhận xét mật của phản biện",
                      items=ballot_items(council))
    close_round(council=council, by=users[1])
    decide(council=Council.objects.get(pk=council.pk), by=cast.approver,
           data={"decision_number": "16/QĐ-SKHCN", "decision_date": "2026-12-01"})
    case = council.case

    anonymous = Client()
    page = anonymous.get(reverse("web:council-results-public"))
    assert page.status_code == 200
    html = page.content.decode()
    assert case.title in html and case.host.name in html and "16/QĐ-SKHCN" in html
    assert "Nhận xét mật" not in html and case.code not in html
    assert users[0].first_name not in html  # no member, no score by name

    # The dossier is not public: the case page and the council's dossier ask for a login.
    assert anonymous.get(reverse("web:case-detail", args=[case.pk])).status_code == 302
    assert anonymous.get(reverse("web:council-detail", args=[council.pk])).status_code == 302
    assert APIClient().get(f"/api/councils/{council.pk}/dossier/").status_code in (401, 403)
    assert APIClient().get(f"/api/tasks/{case.pk}/").status_code in (401, 403)


def test_published_results_leave_the_page_after_their_minimum_time(formed, cast):
    from tasks_kh_cn.councils.services.publishing import public_results

    row = PublishedResult.objects.create(
        council=formed[0], council_type="selection", task_name="Nhiệm vụ cũ",
        host_name="Công ty A", result="Trúng tuyển", decision_date=datetime.date(2026, 1, 1),
        published_at=datetime.datetime(2026, 1, 2, tzinfo=HCM),
        publish_due=datetime.date(2026, 1, 17), keep_until=datetime.date(2026, 3, 3),
        legal_article="TT 20/2023/TT-BKHCN")
    assert row in public_results(today=datetime.date(2026, 3, 3))
    assert row not in public_results(today=datetime.date(2026, 3, 4))


def test_members_are_invited_to_the_meeting_once(formed, django_capture_on_commit_callbacks):
    from notifications.models import Notice

    council, users = formed
    officer = council.case.assigned_officer
    with django_capture_on_commit_callbacks(execute=True):
        schedule(council, officer)
    with django_capture_on_commit_callbacks(execute=True):
        schedule(council, officer, agenda="1. Phản biện\n2. Bỏ phiếu\n3. Kết luận")
    invited = Notice.objects.filter(event__code="meeting_scheduled", case=council.case)
    assert sorted(invited.values_list("recipient_id", flat=True)) == sorted(u.pk for u in users)
    assert "12/02/2027" in invited.first().body_vi

    # Moved: everyone is told the new time, once more.
    with django_capture_on_commit_callbacks(execute=True):
        schedule(council, officer, starts_at=MEETING + datetime.timedelta(days=7))
    assert invited.count() == 2 * len(users)


def test_odd_meeting_input_is_a_field_error_not_a_crash(formed):
    council, users = formed
    officer = council.case.assigned_officer
    with pytest.raises(CouncilError) as far:
        schedule(council, officer, starts_at=datetime.datetime(9999, 12, 31, 8, tzinfo=HCM))
    assert "starts_at" in far.value.errors
    with pytest.raises(CouncilError) as long_link:
        schedule(council, officer, place="", online_link="https://hop.vn/" + "a" * 300)
    assert "online_link" in long_link.value.errors


def test_a_deadline_made_from_an_english_page_is_named_in_both_languages(formed):
    """An officer working in English schedules the meeting: the deadlines keep their
    Vietnamese name for the Vietnamese readers and documents, and an English one for pages
    in English (a title built with gettext in the request's language had only English)."""
    council, _users = formed
    with translation.override("en"):
        schedule(council, council.case.assigned_officer)
    papers = Deadline.objects.get(case=council.case, code=f"council-{council.pk}-papers")
    assert papers.title.startswith("Gửi tài liệu cho thành viên: Hội đồng")
    assert papers.title_en.startswith("Send the papers to the members: ")
    with translation.override("en"):
        assert papers.display_title == papers.title_en
    with translation.override("vi"):
        assert papers.display_title == papers.title
