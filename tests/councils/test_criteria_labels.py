"""A ballot's criteria are named in the page's language (councils.criteria_labels): the rule
rows and the criteria a council froze keep a Vietnamese and an English name."""

import importlib
from html import escape

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

from tasks_kh_cn.councils.errors import InvalidBallot
from tasks_kh_cn.councils.models import Council, Criterion
from tasks_kh_cn.councils.services import submit_ballot
from tasks_kh_cn.councils.services.members import declare_conflict

pytestmark = pytest.mark.django_db

URGENCY_VI, URGENCY_EN = "Tính cấp thiết của nhiệm vụ", "Urgency of the task"


def page(user, council, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(f"/councils/{council.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_every_criterion_of_the_rule_sets_has_an_english_name():
    assert not Criterion.objects.filter(label_en="").exists()


def test_a_member_scores_criteria_named_in_the_pages_language(formed):
    council, people = formed
    declare_conflict(council=council, user=people[0], has_conflict=False)
    assert {"label": URGENCY_VI, "label_en": URGENCY_EN}.items() <= next(
        c for c in council.criteria if c["code"] == "urgency").items()
    english = page(people[0], council, "en")
    assert URGENCY_EN in english and URGENCY_VI not in english
    vietnamese = page(people[0], council, "vi")
    assert URGENCY_VI in vietnamese and URGENCY_EN not in vietnamese


def test_a_ballot_still_missing_criteria_names_them_in_the_request_language(formed):
    council, people = formed
    declare_conflict(council=council, user=people[0], has_conflict=False)
    with translation.override("en"), pytest.raises(InvalidBallot) as refused:
        submit_ballot(council=council, user=people[0], items={})
    assert URGENCY_EN in refused.value.errors["items"]
    with translation.override("vi"), pytest.raises(InvalidBallot) as refused:
        submit_ballot(council=council, user=people[0], items={})
    assert URGENCY_VI in refused.value.errors["items"]


def test_the_migration_names_the_criteria_of_councils_formed_before_it(formed):
    council, _people = formed
    snapshot = council.rules_snapshot
    for criterion in snapshot["criteria"]:
        criterion.pop("label_en")
    Council.objects.filter(pk=council.pk).update(rules_snapshot=snapshot)
    migration = importlib.import_module("tasks_kh_cn.councils.migrations.0007_criteria_in_english")
    migration.forwards(apps, None)
    council.refresh_from_db()
    assert next(c for c in council.criteria if c["code"] == "urgency")["label_en"] == URGENCY_EN


def test_the_default_product_of_an_acceptance_council_is_named_in_both(cast):
    """An acceptance council rates the task's products (TT 11/2014); with none named it rates
    "the task's products", frozen in Vietnamese as the record with its English beside it,
    even when the officer who forms it reads English. A product the officer names is theirs."""
    from tasks_kh_cn.councils.services import form_council
    from tests.councils.helpers import council_people, member_specs
    from tests.factories import make_case, walk

    case = walk(make_case(cast.host), cast, until="record_acceptance")
    with translation.override("en"):
        council = form_council(case=case, council_type="acceptance", by=case.assigned_officer,
                               members=member_specs(council_people(9), "acceptance"))
    product = next(c for c in council.criteria if c["code"] == "product-1")
    assert (product["label"], product["label_en"]) == ("Sản phẩm của nhiệm vụ",
                                                       "The task's products")
    assert council.products == ["Sản phẩm của nhiệm vụ"]
    member = council.members.first().user
    declare_conflict(council=council, user=member, has_conflict=False)  # the ballot opens
    english = page(member, council, "en")
    assert escape("The task's products") in english and "Sản phẩm của nhiệm vụ" not in english
    assert "Sản phẩm của nhiệm vụ" in page(member, council, "vi")
