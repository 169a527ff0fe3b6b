"""The tester's English pages showed "… (số điều chưa đối chiếu)" after a deadline's article:
the marker (article number not verified) is the product's remark, translated when shown;
the regulation's own words stay Vietnamese."""

import pytest
from django.test import Client
from django.utils import translation

from notifications.citations import UNVERIFIED_MARK, shown_citation
from notifications.models import Deadline
from tests.factories import make_case, walk

pytestmark = pytest.mark.django_db

ARTICLE = "Mở hồ sơ trong 7 ngày làm việc kể từ ngày hết hạn nhận hồ sơ " + UNVERIFIED_MARK


def test_the_marker_is_shown_in_the_active_language():
    with translation.override("en"):
        assert shown_citation(ARTICLE) == ("Mở hồ sơ trong 7 ngày làm việc kể từ ngày hết hạn "
                                           "nhận hồ sơ (article number not verified)")
        assert shown_citation("Điều 13") == "Điều 13" and shown_citation("") == ""
    with translation.override("vi"):
        assert shown_citation(ARTICLE) == ARTICLE


@pytest.mark.parametrize("url", ["/", "/cases/{pk}/"])
def test_deadline_notes_translate_the_marker(cast, url):
    case = walk(make_case(cast.host), cast, until="open_dossier")
    assert Deadline.objects.filter(case=case).update(legal_article=ARTICLE)
    client = Client()
    client.force_login(case.assigned_officer)
    english = client.get(url.format(pk=case.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mở hồ sơ trong 7 ngày làm việc" in english  # the citation itself
    assert "(article number not verified)" in english and UNVERIFIED_MARK not in english
    vietnamese = client.get(url.format(pk=case.pk), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert UNVERIFIED_MARK in vietnamese
