"""Issue 11, point 1: a case keeps the rule version it was submitted under.

A case begun in June 2025 under "more than 3/4" whose council is formed after a "more
than 1/2" version took effect must still need more than 3/4 (6 of 8 is not enough). Only
an administrator moves a running case to a newer version, with a reason in its history.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from tasks_kh_cn import rules as case_rules
from tasks_kh_cn.councils.models import CouncilRule, Outcome
from tasks_kh_cn.councils.services import close_round, form_council
from tasks_kh_cn.models import TaskCase, TransitionLog
from tasks_kh_cn.services.rule_versions import move_case_to_rule_version
from tests.api.test_tasks_api import client_for
from tests.councils.helpers import council_people, member_specs, vote_all
from tests.factories import make_case, walk
from workflows.services import desk_and_process_agree

pytestmark = pytest.mark.django_db

JUNE_2025 = datetime.date(2025, 6, 16)
NEW_VERSION = datetime.date(2025, 9, 1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def june_case(cast):
    """A research case before its identification council, submitted in June 2025; since
    then the province adopted a version that passes with more than 1/2."""
    case = walk(make_case(cast.host), cast, until="list_task")
    assert case.rules_as_of == datetime.date.today()  # pinned by the submission
    TaskCase.objects.filter(pk=case.pk).update(rules_as_of=JUNE_2025)
    CouncilRule.objects.create(
        rule_set=case.rule_set, council_type="identification", effective_from=NEW_VERSION,
        min_members=7, max_members=11, reviewers=2, quorum="2/3",
        parameters={"pass_more_than": "1/2"}, legal_basis="Quy định mới của tỉnh (giả định)",
        is_default_assumption=True)
    return TaskCase.objects.get(pk=case.pk)


def _vote_six_of_eight(case):
    specs = member_specs(council_people(8))
    council = form_council(case=case, council_type="identification", members=specs,
                           by=case.assigned_officer)
    vote_all(council, specs[:6])
    vote_all(council, specs[6:], verdict="fails")
    close_round(council=council, by=specs[1]["user"])
    return council, Outcome.objects.get(council=council)


def test_the_case_started_under_the_old_version_keeps_it(june_case):
    assert case_rules.council_rule(june_case, "identification").parameters == {
        "pass_more_than": "3/4"}
    council, outcome = _vote_six_of_eight(june_case)
    # 6/8 is exactly 3/4, not more: refused under the case's version (1/2 would pass).
    assert outcome.result == "not_passed"
    assert outcome.rule_version["effective_from"] == "2023-11-27"
    assert council.rules_snapshot["parameters"] == {"pass_more_than": "3/4"}


def test_an_administrator_moves_the_case_to_the_newer_version_with_a_reason(june_case, cast):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "pw")
    moved = move_case_to_rule_version(case=june_case, by=admin, as_of=NEW_VERSION,
                                      reason="Áp dụng quy định mới theo QĐ 99/QĐ-UBND")
    assert moved.rules_as_of == NEW_VERSION
    log = TransitionLog.objects.get(case=june_case, transition="move_rule_version")
    assert log.comment == "Áp dụng quy định mới theo QĐ 99/QĐ-UBND"
    assert log.payload == {"from_version": "thanh-hoa-2023 @ 2025-06-16",
                           "to_version": "thanh-hoa-2023 @ 2025-09-01"}
    assert log.from_status == log.to_status == june_case.status
    _council, outcome = _vote_six_of_eight(moved)
    assert outcome.result == "passed"
    assert desk_and_process_agree(TaskCase.objects.get(pk=june_case.pk))


@pytest.mark.parametrize("fields,error_field", [
    ({"reason": " "}, "reason"),
    ({"reason": "x", "as_of": JUNE_2025}, "as_of"),               # not newer
    ({"reason": "x", "as_of": datetime.date(2099, 1, 1)}, "as_of"),  # not yet in force
])
def test_bad_moves_get_field_errors_and_change_nothing(june_case, fields, error_field):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "pw")
    with pytest.raises(ValidationError) as refused:
        move_case_to_rule_version(case=june_case, by=admin, **fields)
    assert error_field in refused.value.message_dict
    assert TaskCase.objects.get(pk=june_case.pk).rules_as_of == JUNE_2025
    assert not TransitionLog.objects.filter(transition="move_rule_version").exists()


def test_only_an_administrator_moves_a_case(june_case, cast):
    for user in (cast.officer, cast.approver, cast.host):
        with pytest.raises(PermissionDenied):
            move_case_to_rule_version(case=june_case, by=user, reason="x")


def test_the_api_door(june_case, cast):
    url = f"/api/tasks/{june_case.pk}/rule-version/"
    body = {"reason": "Áp dụng quy định mới", "as_of": "2025-09-01"}
    assert client_for(cast.other_host).post(url, body, format="json").status_code == 404
    refused = client_for(cast.officer).post(url, body, format="json")
    assert refused.status_code == 403
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "pw")
    bad = client_for(admin).post(url, {"reason": "", "as_of": "2025-09-01"}, format="json")
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    done = client_for(admin).post(url, body, format="json")
    assert done.status_code == 200, done.content
    assert done.json() == {"rule_set": "thanh-hoa-2023", "rules_as_of": "2025-09-01"}


def test_the_admin_refuses_editing_a_version_in_use_and_offers_a_new_one(june_case, client):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "pw")
    client.force_login(admin)
    in_use = CouncilRule.objects.get(rule_set=june_case.rule_set, council_type="identification",
                                     effective_from=datetime.date(2023, 11, 27))
    url = f"/admin/councils/councilrule/{in_use.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and b'name="quorum"' not in page.content  # read-only
    client.post(url, {"quorum": "1/2"})
    assert CouncilRule.objects.get(pk=in_use.pk).quorum == "2/3"
    client.post("/admin/councils/councilrule/", {
        "action": "new_version", "_selected_action": [in_use.pk]})
    copy = CouncilRule.objects.filter(council_type="identification").order_by(
        "-effective_from").first()
    assert copy.pk != in_use.pk and copy.effective_from > datetime.date.today()
    assert copy.parameters == in_use.parameters
    assert client.get(f"/admin/councils/councilrule/{copy.pk}/change/").content.count(
        b'name="quorum"') == 1  # the new version is editable until a case uses it
