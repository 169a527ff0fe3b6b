"""Django's own Vietnamese for its validators put a space before the closing period ("Đảm bảo
giá trị này lớn hơn hoặc bằng với 0 ."): the project's Vietnamese catalogue
(locale/vi/LC_MESSAGES/django.po, before Django's in LOCALE_PATHS) replaces those messages."""

import re
from pathlib import Path

import django
import pytest
from babel.messages.pofile import read_po
from django.test import Client
from django.utils import translation

from tests.factories import make_case, walk

pytestmark = pytest.mark.django_db

STRAY = re.compile(r" [.,)]|  ")


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_refused_budget_says_so_without_a_stray_space(cast):
    page = browser(cast.host).post("/cases/new/", {
        "title": "Nghiên cứu", "kind": "research", "requested_budget": "-5000"},
        HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 400
    errors = page.context["form"].errors["requested_budget"]
    assert errors == ["Đảm bảo giá trị này lớn hơn hoặc bằng 0."]
    assert "bằng 0.</" in page.content.decode()


def test_a_return_with_zero_working_days_says_so_without_a_stray_space(cast):
    case = walk(make_case(cast.host), cast, until="accept_proposal")
    page = browser(case.assigned_officer).post(
        f"/cases/{case.pk}/transitions/return_proposal/",
        {"expected_status": case.status, "comment": "Thiếu hồ sơ", "due_working_days": "0"},
        HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 400
    assert "Đảm bảo giá trị này lớn hơn hoặc bằng 1." in page.content.decode()
    assert "bằng với 1 ." not in page.content.decode()


@pytest.mark.parametrize("catalogue", ["conf/locale", "contrib/admin/locale"])
def test_every_django_message_with_a_stray_space_is_replaced(catalogue):
    djangos = Path(django.__file__).parent / catalogue / "vi/LC_MESSAGES/django.po"
    with open(djangos, "rb") as handle:
        stray = [m for m in read_po(handle) if m.id and any(
            STRAY.search(s) for s in (m.string if isinstance(m.string, tuple) else (m.string,)))]
    assert stray, "Django's Vietnamese still has the defect this catalogue works around"
    with translation.override("vi"):
        for message in stray:
            if isinstance(message.id, tuple):
                shown = translation.ngettext(*message.id, 2)
            else:
                shown = translation.gettext(message.id)
            assert shown != message.id and not STRAY.search(shown), (message.id, shown)
