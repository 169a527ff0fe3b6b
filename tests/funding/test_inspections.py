"""Inspections (TT 04/2015/TT-BKHCN; REGULATIONS.md B4 [V]): planned by the case's officer at
least the rule's working days ahead (the project's working-day calendar), the host told at
once (``inspection_notice``, in-app and by a real SMTP server); minutes with findings and
required actions, each giving the host a confirmation deadline on its desk; the officer
accepts the confirmations; the API and the page share the services; the wrong people are
refused."""

import datetime
import email
import email.policy

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from notifications.models import Deadline, DeadlineStatus, Notice, ReminderPolicy
from notifications.workdays import add_working_days, working_days_between
from tasks_kh_cn.funding.inspection_models import (
    ActionStatus,
    Inspection,
    InspectionAction,
    InspectionStatus,
)
from tasks_kh_cn.funding.inspections import plan_inspection, record_minutes
from tasks_kh_cn.funding.models import FundingRule
from tasks_kh_cn.inbox import Inbox
from tests.factories import TODAY
from tests.notifications.conftest import smtp_server  # noqa: F401  (the real SMTP fixture)

from .helpers import case_in_progress

pytestmark = pytest.mark.django_db


def api(user, lang="vi"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_authenticate(type(user).objects.get(pk=user.pk))
    return client


def page(user, lang="vi"):
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(user)
    return client


def test_the_notice_rule_is_a_row_with_its_source_and_the_boundary_holds(cast):
    case = case_in_progress(cast)
    rule = FundingRule.objects.get(rule_set=case.rule_set, code="inspection_notice_working_days")
    assert (rule.numerator, rule.legal_basis, rule.is_default_assumption) == (
        5, "TT 04/2015/TT-BKHCN", False)
    earliest = add_working_days(TODAY(), 5)
    assert working_days_between(TODAY(), earliest) == 5
    base = f"/api/funding/cases/{case.pk}/inspections/"
    day_before = earliest - datetime.timedelta(days=1)
    for lang, words in (("vi", "trước ít nhất 5 ngày làm việc"),
                        ("en", "at least 5 working days")):
        response = api(cast.officer, lang).post(base, {"kind": "yearly",
                                                       "inspect_on": day_before.isoformat()},
                                                format="json")
        assert response.status_code == 400, response.content
        assert words in response.json()["errors"]["inspect_on"][0]
        assert earliest.strftime("%d/%m/%Y") in response.json()["errors"]["inspect_on"][0]
    response = api(cast.officer, "en").post(base, {"kind": "sometimes",
                                                   "inspect_on": "not a date"}, format="json")
    assert response.status_code == 400 and set(response.json()["errors"]) == {"kind", "inspect_on"}
    assert not Inspection.objects.exists()
    # Exactly the rule's working days ahead is allowed; a changed rule row is read.
    response = api(cast.officer).post(base, {"kind": "yearly",
                                             "inspect_on": earliest.isoformat()}, format="json")
    assert response.status_code == 201
    assert response.json()[0]["notice_working_days"] == 5
    FundingRule.objects.filter(pk=rule.pk).update(numerator=7)
    response = api(cast.officer).post(base, {"kind": "ad_hoc",
                                             "inspect_on": earliest.isoformat()}, format="json")
    assert response.status_code == 400
    assert "7" in response.json()["errors"]["inspect_on"][0]


def test_inspection_story_notice_minutes_confirmation_acceptance(
        cast, smtp_server, django_capture_on_commit_callbacks):  # noqa: F811
    ReminderPolicy.objects.update(quiet_start=datetime.time(0, 0), quiet_end=datetime.time(0, 0))
    case = case_in_progress(cast)
    officer, host = page(cast.officer), page(cast.host)
    inspect_on = add_working_days(TODAY(), 5)
    base = f"/cases/{case.pk}/funding/inspections/"
    assert host.get(base).status_code == 200
    assert 'action="' + base + 'plan/"' not in host.get(base).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(base + "plan/", {"kind": "yearly",
                                                 "inspect_on": inspect_on.isoformat(),
                                                 "note": "Tiến độ nội dung 1 và 2"})
    assert response.status_code == 302
    inspection = Inspection.objects.get(case=case)
    # The host is told: in the app and by email, with the date.
    notice = Notice.objects.get(event__code="inspection_notice", case=case)
    assert notice.recipient == cast.host
    assert inspect_on.strftime("%d/%m/%Y") in notice.body_vi
    mails = [email.message_from_bytes(m.content, policy=email.policy.default)
             for m in smtp_server.messages if cast.host.email in m.rcpt_tos]
    assert len(mails) == 1 and case.code in mails[0]["Subject"]

    # Minutes only from the inspection day: move the day to today (as if it had come).
    Inspection.objects.filter(pk=inspection.pk).update(inspect_on=TODAY())
    prefix = f"m{inspection.pk}"
    response = officer.post(base + f"{inspection.pk}/minutes/", {
        f"{prefix}-findings": "", f"{prefix}-action_1": "Bổ sung nhật ký thí nghiệm"})
    assert response.status_code == 400 and "Trường này là bắt buộc" in response.content.decode()
    for lang, words in (("vi", "Yêu cầu 1: cần hạn khắc phục."),
                        ("en", "Action 1: a due date is required.")):
        response = page(cast.officer, lang).post(base + f"{inspection.pk}/minutes/", {
            f"{prefix}-findings": "Đạt", f"{prefix}-action_1": "Bổ sung nhật ký thí nghiệm",
            f"{prefix}-due_1": ""})
        assert response.status_code == 400 and words in response.content.decode(), lang
    assert not InspectionAction.objects.exists()
    due = TODAY() + datetime.timedelta(days=20)
    response = officer.post(base + f"{inspection.pk}/minutes/", {
        f"{prefix}-findings": "Nội dung 1 đúng tiến độ; nội dung 2 chậm 1 tháng",
        f"{prefix}-action_1": "Bổ sung nhật ký thí nghiệm", f"{prefix}-due_1": due.isoformat(),
        f"{prefix}-action_2": "Nộp kế hoạch bù tiến độ nội dung 2",
        f"{prefix}-due_2": due.isoformat()})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.RECORDED
    actions = list(InspectionAction.objects.filter(inspection=inspection).order_by("number"))
    assert [a.number for a in actions] == [1, 2]
    # Each action: a confirmation deadline on the host, 10 working days after its due date.
    for action in actions:
        assert action.deadline.owed_by_role == "enterprise"
        assert action.deadline.due_on == add_working_days(due, 10)
        assert action.deadline.legal_basis == "TT 04/2015/TT-BKHCN"
    owed = Inbox(cast.host, kinds=["deadline"])[:]
    assert {i.extra["deadline_id"] for i in owed} >= {a.deadline_id for a in actions}

    # Forbidden doors: another enterprise 404; the officer cannot confirm for the host; the
    # host cannot accept; another officer cannot accept.
    first = actions[0]
    confirm = f"/cases/{case.pk}/funding/inspection-actions/{first.pk}/confirm/"
    accept = f"/cases/{case.pk}/funding/inspection-actions/{first.pk}/accept/"
    assert page(cast.other_host).get(base).status_code == 404
    assert page(cast.other_host).post(confirm, {f"c{first.pk}-confirmation": "x"}).status_code == 404
    assert officer.post(confirm, {f"c{first.pk}-confirmation": "x"}).status_code == 403
    response = host.post(confirm, {f"c{first.pk}-confirmation": ""})
    assert response.status_code == 400
    assert host.post(confirm, {f"c{first.pk}-confirmation": "Đã bổ sung nhật ký, "
                                                             "kèm bản chụp"}).status_code == 302
    first.refresh_from_db()
    assert first.status == ActionStatus.CONFIRMED and first.confirmed_by == cast.host
    assert Deadline.objects.get(pk=first.deadline_id).status == DeadlineStatus.SATISFIED
    # On the officer's desk until accepted.
    items = Inbox(cast.officer, kinds=["inspection_confirmation"])[:]
    assert len(items) == 1 and items[0].url == base + f"#action-{first.pk}"
    assert Inbox(cast.other_officer, kinds=["inspection_confirmation"]).count() == 0
    assert host.post(accept).status_code == 403
    assert page(cast.other_officer).post(accept).status_code == 403
    assert officer.post(accept).status_code == 302
    first.refresh_from_db()
    assert first.status == ActionStatus.ACCEPTED and first.accepted_by == cast.officer
    assert Inbox(cast.officer, kinds=["inspection_confirmation"]).count() == 0
    # The second through the API; accepting the last closes the inspection.
    second = actions[1]
    base_api = f"/api/funding/cases/{case.pk}"
    assert api(cast.host).post(f"{base_api}/inspection-actions/{second.pk}/confirm/",
                               {"confirmation": "Đã nộp kế hoạch"},
                               format="json").status_code == 200
    body = api(cast.officer).post(f"{base_api}/inspection-actions/{second.pk}/accept/").json()
    assert body[0]["status"] == "closed"
    assert [a["status"] for a in body[0]["actions"]] == ["accepted", "accepted"]
    assert body[0]["actions"][0]["confirmed_by"] and body[0]["planned_by"]


def _queries(client, address):
    client.get(address)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200
    return len(ctx.captured_queries)


INSPECTIONS_PAGE_QUERIES = 8  # measured on SQLite, the same with one inspection or three


def test_inspections_page_query_count_is_pinned(cast):
    case = case_in_progress(cast)
    day = add_working_days(TODAY(), 5)
    plan_inspection(case=case, user=cast.officer, kind="yearly", inspect_on=day)
    address = f"/cases/{case.pk}/funding/inspections/"
    host, officer = page(cast.host), page(cast.officer)
    small = [_queries(host, address), _queries(officer, address)]
    for _n in range(2):
        inspection = plan_inspection(case=case, user=cast.officer, kind="ad_hoc", inspect_on=day)
        Inspection.objects.filter(pk=inspection.pk).update(inspect_on=TODAY())
        record_minutes(inspection=inspection, user=cast.officer, findings="Đạt",
                       actions=[{"description": f"Việc {k}", "due_on": TODAY()}
                                for k in range(3)])
    large = [_queries(host, address), _queries(officer, address)]
    print("inspections page queries (host, officer):", large)
    assert small == large, (small, large)
    assert max(large) <= INSPECTIONS_PAGE_QUERIES, large
