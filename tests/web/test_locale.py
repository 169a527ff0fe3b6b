"""Locale done right (issue 13, point 3): each main page rendered in English shows no Vietnamese
interface string (only names, places, legal citations and the world's own data), and rendered
in Vietnamese shows none of the English catalogue; numbers, money and percentages follow the
active language; inputs are checked against their step; amounts accept separators; a refused
upload says the file must be chosen again."""

import datetime
from decimal import Decimal

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from notifications.citations import UNVERIFIED_MARK
from notifications.models import Deadline, DeadlineRule
from tasks_kh_cn.councils.aggregation import deviation_reason
from tasks_kh_cn.councils.errors import InvalidBallot
from tasks_kh_cn.councils.services import declare_conflict, form_council, save_ballot
from tasks_kh_cn.councils.web.forms import BallotForm
from tasks_kh_cn.models import Call, District, Document, Organisation, Profile, TransitionLog
from tasks_kh_cn.pilots.views import MeasurementForm
from tasks_kh_cn.plan.models import PlanMilestone, PlanTarget
from tasks_kh_cn.support.models import SupportItem, SupportPolicy
from tests.councils.helpers import SIZES, council_people, member_specs
from tests.factories import make_case, pdf, walk
from tests.pilots.helpers import BASELINE as PILOT_BASELINE
from tests.pilots.helpers import carry_out, pilot_in_progress
from tests.support.helpers import add, support_case
from tests.web.locale_pages import client_in, page_text, vietnamese_words, without_data
from workflows.payloads import BudgetAppraisalPayload

pytestmark = pytest.mark.django_db


def world_data(*cases, people=()):
    """What the world itself says in Vietnamese: names, titles, rule rows and their citations."""
    data = [*Organisation.objects.values_list("name", flat=True)]
    for model, fields in ((DeadlineRule, ("legal_basis", "legal_article")),
                          (Deadline, ("legal_basis", "legal_article")),
                          (Document, ("title",)), (PlanTarget, ("source",)),
                          (Profile, ("full_name",))):
        for field in fields:
            data += model.objects.values_list(field, flat=True)
    # A deadline's name has its English (notifications.deadline_titles): only a name given in
    # Vietnamese alone is the world's own words.
    for model in (DeadlineRule, Deadline):
        data += model.objects.filter(title_en="").values_list("title", flat=True)
    data += [case.title for case in cases] + [user.get_full_name() for user in people]
    data += TransitionLog.objects.values_list("comment", flat=True)  # what people wrote
    data += [user.get_full_name() for user in get_user_model().objects.all()]
    data += [label for _value, label in District.choices]  # the province's place names
    data += PlanMilestone.objects.values_list("source", flat=True)  # the plan's citations
    data += Call.objects.values_list("title", flat=True)  # the department's announcements
    data += SupportPolicy.objects.values_list("name", flat=True)  # a resolution's title
    # A citation is the world's words; its "not verified" marker is the product's, translated.
    return [text.replace(UNVERIFIED_MARK, "").strip() if isinstance(text, str) else text
            for text in data]


@pytest.fixture
def pages(formed, cast):
    council, users, case = formed
    with translation.override("vi"):
        approval = walk(make_case(cast.host, title="Cold chain IoT"), cast, until="approve")
        draft = make_case(cast.host, title="Draft proposal")
        # The catalogues' rows (support items, pilot indicators) on the cases that use them.
        support = support_case(cast.host, cast)
        add(support, cast.host, "iso-9001", 80_000_000)
        add(support, cast.host, "5s", 40_000_000)
        pilot, _proposer = pilot_in_progress(cast)
        carry_out(pilot, 1, cast.host, PILOT_BASELINE)
    urls = {
        cast.host: ["/", "/cases/", "/cases/new/", "/inbox/", "/delegations/",
                    "/notifications/preferences/", f"/cases/{draft.pk}/",
                    f"/cases/{approval.pk}/", f"/cases/{support.pk}/", f"/cases/{pilot.pk}/"],
        cast.officer: ["/", "/cases/", "/inbox/", f"/cases/{case.pk}/", f"/councils/{council.pk}/",
                       f"/cases/{approval.pk}/", f"/cases/{support.pk}/", f"/cases/{pilot.pk}/",
                       "/plan/", "/plan/statistics/"],
        cast.approver: [f"/cases/{case.pk}/", f"/cases/{approval.pk}/", "/inbox/"],
    }
    return urls, world_data(case, approval, draft, support, pilot, people=users)


def test_the_english_pages_have_no_vietnamese_interface_string(pages):
    urls, data = pages
    found = {}
    for user, paths in urls.items():
        client = client_in(user, "en")
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            text = without_data(page_text(response), data)
            words = vietnamese_words(text)
            if words:  # each word with the text around it, to find it in the templates
                found[f"{user.username} {path}"] = [in_context(text, word) for word in words]
    assert not found, "\n".join(f"{page}: {words}" for page, words in found.items())


def in_context(text: str, word: str, width: int = 40) -> str:
    at = text.find(word)
    return text[max(0, at - width):at + len(word) + width]


def english_catalogue() -> list[str]:
    with open(settings.BASE_DIR / "locale/en/LC_MESSAGES/django.po", "rb") as handle:
        catalogue = read_po(handle)
    # Whole sentences only: a short English word may be a name or a code in both languages.
    return [m.string for m in catalogue if isinstance(m.string, str) and m.id != m.string
            and len(m.string) >= 24 and "%" not in m.string and "{" not in m.string]


def test_the_vietnamese_pages_have_no_english_interface_string(pages):
    urls, data = pages
    sentences = english_catalogue()
    found = {}
    for user, paths in urls.items():
        client = client_in(user, "vi")
        for path in paths:
            text = page_text(client.get(path))
            for item in sorted(filter(None, data), key=len, reverse=True):
                text = text.replace(str(item), " ")
            hits = [s for s in sentences if s in text]
            if hits:
                found[f"{user.username} {path}"] = hits
    assert not found, found


@pytest.mark.parametrize(("language", "money", "number", "percent"), [
    ("vi", "1.234.567.000", "1.234.567,5", "45,54"), ("en", "1,234,567,000", "1,234,567.5", "45.54")])
def test_numbers_money_and_percentages_follow_the_language(language, money, number, percent):
    template = Template("{% load khcn domain_sections %}{{ m|vnd }}|{{ n|number }}")
    with translation.override(language):
        assert template.render(Context({"m": 1234567000, "n": Decimal("1234567.50")})) == \
            f"{money}|{number}"
        reason = deviation_reason({"member": 1, "total": 54.5, "deviation": 0.4554,
                                   "mean": 100.0, "limit": 0.2})
        assert f"{percent}%" in reason  # "lệch 45,54%" in Vietnamese, "45.54%" in English


@pytest.mark.parametrize("typed", ["850.000.000", "850,000,000", "850 000 000", "850000000"])
def test_amounts_accept_either_languages_separators(cast, typed):
    case = walk(make_case(cast.host), cast, until="appraise_budget")
    form = BudgetAppraisalPayload({"appraised_budget": typed}, case=case)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["appraised_budget"] == 850_000_000


def test_amounts_are_shown_with_separators_and_refused_with_words(cast):
    case = walk(make_case(cast.host), cast, until="appraise_budget")
    with translation.override("en"):
        shown = str(BudgetAppraisalPayload(initial={"appraised_budget": 850_000_000}, case=case)
                    ["appraised_budget"])
        assert 'value="850,000,000"' in shown and 'inputmode="numeric"' in shown
    refused = BudgetAppraisalPayload({"appraised_budget": "8,5 tỷ"}, case=case)
    assert not refused.is_valid()
    assert "Số tiền phải là số nguyên (VNĐ)" in refused.errors["appraised_budget"][0]


def scored_ballot(cast):
    """A council at its ballots, with the first criterion scored in points: (council, its
    people, the dossier, the criterion, the criterion's field name as posted)."""
    case = walk(make_case(cast.host), cast, until="select")
    people = council_people(SIZES["direct_assignment"])
    council = form_council(case=case, council_type="direct_assignment", by=case.assigned_officer,
                           members=member_specs(people, "direct_assignment"))
    dossier = council.dossiers.get()
    criterion = next(c for c in council.criteria if c["scale"] == "points")
    return council, people, dossier, criterion, f"d{dossier.pk}-v_{criterion['code']}"


def test_a_score_off_its_step_is_a_field_error(cast):
    council, people, dossier, criterion, field = scored_ballot(cast)
    off = BallotForm({"dossier": dossier.pk, field: "5.4"}, council=council, dossier=dossier)
    assert not off.is_valid()
    assert "bội số của 0,25" in str(off.errors)
    on = BallotForm({"dossier": dossier.pk, field: "5.25"}, council=council, dossier=dossier)
    on.is_valid()
    assert f"v_{criterion['code']}" not in on.errors  # errors are keyed without the prefix
    # The same rule in the service, for the API: one validation path.
    declare_conflict(council=council, user=people[0], has_conflict=False)
    with pytest.raises(InvalidBallot) as refused:
        save_ballot(council=council, user=people[0], items={criterion["code"]: {"score": "5.4"}})
    assert "bội số" in str(refused.value.errors[criterion["code"]][0])


def test_a_score_takes_either_decimal_mark_and_is_shown_with_the_languages(cast):
    """A number input in Chromium dropped the comma of "1,5", so 15 was saved: the score is a
    text input that reads either mark and refuses anything else."""
    council, _people, dossier, criterion, field = scored_ballot(cast)
    for typed in ("1,5", "1.5", " 1,50 "):
        form = BallotForm({"dossier": dossier.pk, field: typed}, council=council, dossier=dossier)
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data[f"v_{criterion['code']}"] == Decimal("1.5")
    for typed in ("1.000,5", "1,5,0", "một"):
        form = BallotForm({"dossier": dossier.pk, field: typed}, council=council, dossier=dossier)
        assert not form.is_valid() and f"v_{criterion['code']}" in form.errors, typed
    bound = BallotForm(initial={f"v_{criterion['code']}": Decimal("12.50")}, council=council,
                       dossier=dossier)
    for language, shown in (("vi", "12,5"), ("en", "12.5")):
        with translation.override(language):
            html = str(bound[f"v_{criterion['code']}"])
        assert f'value="{shown}"' in html and 'inputmode="decimal"' in html
        assert 'type="text"' in html


@pytest.mark.parametrize(("language", "typed", "read"), [
    ("vi", "1.234", "1234"), ("vi", "1.234.567,5", "1234567.5"), ("vi", "12,75", "12.75"),
    ("vi", "98", "98"), ("en", "1,234", "1234"), ("en", "1,234,567.5", "1234567.5"),
    ("en", "12.75", "12.75"),
])
def test_a_measurement_is_read_in_the_pages_notation(language, typed, read):
    """A pilot's figure may be large (revenue) or fractional (a rate): the page's language
    settles what a lone mark means, so 1.234 on a Vietnamese page is a thousand and more."""
    with translation.override(language):
        form = MeasurementForm({"indicator": "", "value": typed})
        form.is_valid()
        assert "value" not in form.errors, form.errors
        assert form.cleaned_data["value"] == Decimal(read)


@pytest.mark.parametrize(("language", "typed", "example"), [
    ("vi", "1.5", "1.234,5"), ("vi", "1,234.5", "1.234,5"), ("vi", "12.34.5", "1.234,5"),
    ("en", "1,5", "1,234.5"), ("en", "một", "1,234.5"),
])
def test_a_measurement_in_the_other_notation_is_refused_with_the_right_one(language, typed,
                                                                           example):
    with translation.override(language):
        form = MeasurementForm({"indicator": "", "value": typed})
        assert not form.is_valid()
        assert example in form.errors["value"][0]
        shown = str(MeasurementForm(initial={"value": Decimal("1234567.5000")})["value"])
    grouped = {"vi": "1.234.567,5", "en": "1,234,567.5"}[language]
    assert f'value="{grouped}"' in shown and 'type="text"' in shown


def test_a_refused_upload_says_to_choose_the_file_again(cast):
    case = make_case(cast.host)
    client = Client()
    client.force_login(cast.host)
    response = client.post(f"/cases/{case.pk}/documents/", {"kind": "nope", "file": pdf()})
    assert response.status_code == 400
    assert "hãy chọn lại tệp" in response.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_written_day_first_in_both_languages(language):
    """The pages write most dates d/m/Y; Django's English short format is month first, so the
    same deadline read 10/12/2026 on the home page and 12/10/2026 in the inbox."""
    from django.utils.formats import date_format, get_format

    day = datetime.date(2026, 12, 10)
    with translation.override(language):
        assert date_format(day, "SHORT_DATE_FORMAT") == "10/12/2026"
        assert Template('{{ d|date:"SHORT_DATE_FORMAT" }}').render(Context({"d": day})) == \
            "10/12/2026"
        assert "%d/%m/%Y" in get_format("DATE_INPUT_FORMATS")
        assert "%m/%d/%Y" not in get_format("DATE_INPUT_FORMATS")
    if language == "en":
        with translation.override("en"):
            assert date_format(day) == "10 December 2026"


def test_one_vietnamese_word_for_two_english_ones_is_told_apart_by_context():
    """"Không chấp nhận" is a tranche's status (Refused) and the finance's button (Refuse);
    "Ngày cấp" is a certificate's issue date and a tranche's payment date (found walking
    the demo in English)."""
    from django.utils.translation import gettext, pgettext

    with translation.override("en"):
        assert gettext("Không chấp nhận") == "Refused"
        assert pgettext("button", "Không chấp nhận") == "Refuse"
        assert gettext("Ngày cấp không được ở tương lai.") == \
            "The issue date cannot be in the future."
        assert pgettext("tranche", "Ngày cấp không được ở tương lai.") == \
            "The payment date cannot be in the future."
        assert gettext("Lập ủy quyền") == "Create a delegation"
    with translation.override("vi"):
        assert pgettext("button", "Không chấp nhận") == "Không chấp nhận"


@pytest.mark.parametrize(("language", "one", "many"), [
    ("en", "1 enterprise", "400 enterprises"), ("vi", "1 doanh nghiệp", "400 doanh nghiệp")])
def test_a_plan_unit_agrees_with_its_number(language, one, many):
    template = Template("{% load khcn %}{{ n }} {{ unit|plan_unit:n }}")
    with translation.override(language):
        assert template.render(Context({"n": 1, "unit": "doanh nghiệp"})) == one
        assert template.render(Context({"n": Decimal("400"), "unit": "doanh nghiệp"})) == many


def test_catalogue_rows_are_shown_in_the_pages_language(cast):
    """Support items, pilot indicators and the plan's milestones are data (kept in the admin),
    so they carry their English beside the Vietnamese; a row given only in Vietnamese shows it
    on English pages too."""
    with translation.override("vi"):
        support = support_case(cast.host, cast)
        add(support, cast.host, "iso-9001", 80_000_000)
        add(support, cast.host, "5s", 40_000_000)
        pilot, _proposer = pilot_in_progress(cast)
        carry_out(pilot, 1, cast.host, PILOT_BASELINE)
    SupportItem.objects.filter(code="5s").update(name_en="")  # an administrator's own row
    shown = {
        "en": [(support, ["ISO 9001 quality management system", "Công cụ 5S"]),
               (pilot, ["Labour productivity", "VND/worker/year", "Defect rate"]),
               ("/plan/", ["10 productivity and quality experts"])],
        "vi": [(support, ["Hệ thống quản lý chất lượng ISO 9001", "Công cụ 5S"]),
               (pilot, ["Năng suất lao động", "VNĐ/lao động/năm", "Tỷ lệ sản phẩm lỗi"]),
               ("/plan/", ["Có 10 chuyên gia năng suất, chất lượng"])],
    }
    for language, pages in shown.items():
        for page, texts in pages:
            path = page if isinstance(page, str) else f"/cases/{page.pk}/"
            user = cast.officer
            text = page_text(client_in(user, language).get(path))
            for expected in texts:
                assert expected in text, (language, path, expected)
    # The API keeps the Vietnamese record and gives the English beside it.
    api = client_in(cast.officer, "en").get("/api/support/items/").json()
    rows = api["results"] if isinstance(api, dict) else api
    iso = next(row for row in rows if row["code"] == "iso-9001")
    assert (iso["name"], iso["name_en"]) == ("Hệ thống quản lý chất lượng ISO 9001",
                                             "ISO 9001 quality management system")
    assert iso["evidence_required_en"].startswith("The certificate (number, certification body")
