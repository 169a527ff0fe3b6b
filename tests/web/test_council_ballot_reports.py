"""What the council's readers see of the ballots once submitted: the minutes count only the
valid ballots and write their dates as the rest of the product does; the member's overall
comment stays on their ballot and reaches the results table; the reason an invalid ballot
was not counted reads on its own row; count messages agree in number in English; a ballot
deadline ending on a day off moves to the next working day."""

import datetime
import io
import re
import types

import pytest
from django.utils import timezone, translation
from docx import Document

from tasks_kh_cn.councils import aggregation as agg
from tasks_kh_cn.councils import minutes
from tasks_kh_cn.councils.models import Council
from tasks_kh_cn.councils.services import (
    close_round,
    declare_conflict,
    form_council,
    rounds,
    submit_ballot,
)
from tests.councils.helpers import ballot_items, council_people, member_specs
from tests.factories import make_case, walk
from tests.web.councils_pages import (  # noqa: F401 (fixtures)
    _fast_passwords,
    ballot_post,
    browser,
    close_as,
    page_of,
    vote,
)

pytestmark = pytest.mark.django_db

OUTLIER_COMMENT = "Hồ sơ còn nhiều thiếu sót, đề nghị làm rõ phương pháp."


def selection_with_an_invalid_ballot(cast):
    """7 members score a selection dossier; member 3 (seat 3) scores 40 against the others'
    80: more than 20% off the mean, so the 6 others are the ballots counted."""
    case = walk(make_case(cast.host), cast, until="select")
    users = council_people(7)
    council = form_council(case=case, council_type="selection", by=case.assigned_officer,
                           members=member_specs(users, "selection"))
    for index, user in enumerate(users):
        declare_conflict(council=council, user=user, has_conflict=False)
        outlier = index == 2
        submit_ballot(council=council, user=user,
                      items=ballot_items(council, score=40 if outlier else 80),
                      comment=OUTLIER_COMMENT if outlier else "")
    close_round(council=council, by=users[1])
    return Council.objects.get(pk=council.pk), users


def _text(council, language) -> str:
    with translation.override(language):
        data = minutes.content(council)
    return "\n".join(value for kind, value in data["blocks"] if kind in ("p", "h"))


def test_the_minutes_count_the_valid_ballots_not_every_ballot_received(cast):
    council, users = selection_with_an_invalid_ballot(cast)
    vietnamese = _text(council, "vi")
    assert "Số phiếu nhận được: 7. Số phiếu hợp lệ được tính: 6 (không hợp lệ: 1)." \
        in vietnamese
    assert "Số phiếu được tính: 7" not in vietnamese
    assert "phiếu của thành viên số 3" in vietnamese
    # An official record: downloaded from the English pages, the minutes stay Vietnamese.
    assert _text(council, "en") == vietnamese
    # The DOCX downloaded from the English pages says the same, in Vietnamese.
    member = browser(users[1])
    docx = member.get(f"{page_of(council)}minutes.docx", HTTP_ACCEPT_LANGUAGE="en")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "Số phiếu nhận được: 7. Số phiếu hợp lệ được tính: 6 (không hợp lệ: 1)." \
        in paragraphs
    assert not any("Ballots" in p or "Council member" in p for p in paragraphs)
    # … and the page around it stays English.
    page = member.get(page_of(council), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Minutes" in page or "minutes" in page


def test_minutes_without_an_invalid_ballot_say_how_many_were_counted(cast):
    case = walk(make_case(cast.host), cast, until="select")
    users = council_people(7)
    council = form_council(case=case, council_type="selection", by=case.assigned_officer,
                           members=member_specs(users, "selection"))
    for user in users:
        declare_conflict(council=council, user=user, has_conflict=False)
        submit_ballot(council=council, user=user, items=ballot_items(council, score=80))
    close_round(council=council, by=users[1])
    text = _text(Council.objects.get(pk=council.pk), "vi")
    assert "Số phiếu được tính: 7." in text and "Không có phiếu không hợp lệ." in text


def test_the_minutes_write_the_rules_effective_date_as_dd_mm_yyyy(cast):
    council, _users = selection_with_an_invalid_ballot(cast)
    effective = datetime.date.fromisoformat(council.rules_snapshot["effective_from"])
    shown = effective.strftime("%d/%m/%Y")
    for language in ("vi", "en"):
        text = _text(council, language)
        assert f"hiệu lực từ {shown}." in text
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_the_overall_comment_stays_on_the_submitted_ballot_and_reaches_the_results(formed, cast):
    council, users, _case = formed
    member = browser(users[2])
    member.post(f"{page_of(council)}conflict/", {"has_conflict": "no"})
    response = member.post(f"{page_of(council)}ballot/", ballot_post(
        council, ballot_items(council), comment="Đề nghị bổ sung kế hoạch thương mại hóa."))
    assert response.status_code == 302
    page = member.get(page_of(council)).content.decode()
    assert "Đã nộp phiếu" in page and 'name="action"' not in page
    assert "Ý kiến chung" in page and "Đề nghị bổ sung kế hoạch thương mại hóa." in page
    for user in users:
        if user != users[2]:
            vote(council, user)
    assert close_as(council, users[1]).status_code == 302
    for reader in (cast.approver, users[3]):
        results = browser(reader).get(page_of(council)).content.decode()
        outcome = results[results.index('id="outcome"'):]
        assert "Đề nghị bổ sung kế hoạch thương mại hóa." in outcome


def test_an_invalid_ballots_reason_and_comment_read_on_a_row_of_their_own(cast):
    council, _users = selection_with_an_invalid_ballot(cast)
    page = browser(cast.approver).get(page_of(council)).content.decode()
    notes = re.findall(r'<tr class="note invalid"><td colspan="(\d+)">(.*?)</tr>', page, re.S)
    assert len(notes) == 1
    colspan, note = notes[0]
    assert int(colspan) == len(council.criteria) + 2  # member, the criteria, total
    assert "Phiếu không hợp lệ" in note and "lệch" in note and OUTLIER_COMMENT in note


def test_the_reviewers_quorum_message_agrees_in_number_in_english():
    seats = [agg.Seat("chair", True), agg.Seat("secretary", True),
             agg.Seat("reviewer", True), agg.Seat("reviewer", False)]
    kwargs = {"quorum": "1/2", "needs_chair": True, "reviewers": 2, "needs_secretary": True}
    with translation.override("en"):
        one = agg.check_quorum(seats, **kwargs).reasons
        none = agg.check_quorum(seats[:2] + [agg.Seat("reviewer", False)] * 2, **kwargs).reasons
    assert one == ["All 2 reviewers must be present; only 1 is."]
    assert none == ["All 2 reviewers must be present; only 0 are."]
    with translation.override("vi"):
        assert agg.check_quorum(seats, **kwargs).reasons == [
            "Cần đủ 2 ủy viên phản biện có mặt, mới có 1."]


def test_a_ballot_deadline_ending_on_a_sunday_moves_to_monday(formed, monkeypatch):
    """Identification: 5 calendar days. A round opened on Tuesday 08/12/2026 would end on
    Sunday 13/12; Civil Code art. 148 moves it to Monday 14/12, and the members' deadline
    rows say the same day."""
    council, _users, _case = formed
    assert council.rules_snapshot["ballots_due_days"] == 5
    tuesday = datetime.date(2026, 12, 8)
    monkeypatch.setattr(rounds, "timezone", types.SimpleNamespace(
        localdate=lambda *args: tuesday, now=timezone.now, localtime=timezone.localtime))
    opened = rounds.open_round(council=council)
    assert opened.ballots_due == datetime.date(2026, 12, 14)
    assert Council.objects.get(pk=council.pk).ballots_due == datetime.date(2026, 12, 14)
