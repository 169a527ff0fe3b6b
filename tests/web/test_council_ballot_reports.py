"""What the council's readers see of the ballots once submitted: the minutes count only the
valid ballots and write their dates as the rest of the product does; the member's overall
comment stays on their ballot and reaches the results table; the reason an invalid ballot
was not counted reads on its own row; count messages agree in number in English; a ballot
deadline ending on a day off moves to the next working day."""

import datetime
import io
import re

import pytest
from django.utils import translation
from docx import Document

from tasks_kh_cn.councils import minutes
from tasks_kh_cn.councils.models import Council
from tasks_kh_cn.councils.services import (
    close_round,
    declare_conflict,
    form_council,
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
    english = _text(council, "en")
    assert "Ballots received: 7. Valid ballots counted: 6 (invalid: 1)." in english
    assert "Ballots counted: 7" not in english
    # The downloaded DOCX says the same.
    docx = browser(users[1]).get(f"{page_of(council)}minutes.docx")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "Số phiếu nhận được: 7. Số phiếu hợp lệ được tính: 6 (không hợp lệ: 1)." \
        in paragraphs


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


def test_the_minutes_write_the_rules_effective_date_as_dd_mm_yyyy_in_both_languages(cast):
    council, _users = selection_with_an_invalid_ballot(cast)
    effective = datetime.date.fromisoformat(council.rules_snapshot["effective_from"])
    shown = effective.strftime("%d/%m/%Y")
    assert f"hiệu lực từ {shown}." in _text(council, "vi")
    english = _text(council, "en")
    assert f"effective from {shown}." in english
    assert not re.search(r"\d{4}-\d{2}-\d{2}", english)
