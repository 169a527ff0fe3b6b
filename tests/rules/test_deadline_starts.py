"""Issue 11, point 4: each deadline from the right moment, in the right unit; days off.

- identification decision: 15 days from the council's session (the meeting; main has no
  meeting model yet, so the day the session closed stands for it);
- dossier opening: 7 working days from the call's closing date;
- acceptance council: *formed* within 15 working days of a valid dossier;
- advance settlement: 4 months from the task's end (TTLT 27/2015 art. 13);
- a change request: decided within ``ChangeRule.decision_days`` (TT 04/2015: 30 days);
- a calendar-day limit ending on a day off ends on the next working day (BLDS art. 148):
  30 days after 2027-01-06 is 2027-02-05, in Tết 2027, so the limit ends on 2027-02-11.
"""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from notifications.models import Deadline, DeadlineRule, DeadlineStatus
from notifications.workdays import WorkingCalendar, add_working_days
from tasks_kh_cn.changes.models import ChangeKind
from tasks_kh_cn.changes.services import decide_change, request_change
from tasks_kh_cn.councils.services import close_round, form_council
from tasks_kh_cn.models import Call, RuleSet
from tests.councils.helpers import council_people, member_specs, vote_all
from tests.factories import act, make_case, walk
from workflows.deadlines import due_date

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _open(case, code):
    return Deadline.objects.get(case=case, code=code, status=DeadlineStatus.OPEN)


def test_tet_2027_a_30_day_limit_moves_to_the_first_working_day_after_tet():
    assert due_date(datetime.date(2027, 1, 6), 30, "calendar_days") == datetime.date(2027, 2, 11)
    # A rule may say otherwise (the flag on the rule): then the limit stays on the day off.
    assert due_date(datetime.date(2027, 1, 6), 30, "calendar_days",
                    roll=False) == datetime.date(2027, 2, 5)
    calendar = WorkingCalendar({2027})
    assert not any(calendar.is_working_day(datetime.date(2027, 2, d)) for d in range(5, 11))
    # Months too: one month after 2027-01-05 is 2027-02-05.
    assert due_date(datetime.date(2027, 1, 5), 1, "months") == datetime.date(2027, 2, 11)


def test_identification_decision_counts_15_days_from_the_council_session(cast):
    case = walk(make_case(cast.host), cast, until="list_task")
    assert not Deadline.objects.filter(case=case, code="identification_decision").exists()
    specs = member_specs(council_people(7))
    council = form_council(case=case, council_type="identification", members=specs,
                           by=case.assigned_officer)
    vote_all(council, specs)
    close_round(council=council, by=specs[1]["user"])
    deadline = _open(case, "identification_decision")
    assert (deadline.amount, deadline.unit) == (15, "calendar_days")
    assert deadline.due_on == due_date(timezone.localdate(), 15, "calendar_days")
    assert deadline.source_transition == "council_round_closed:identification"


def test_dossier_opening_counts_7_working_days_from_the_calls_closing_date(cast):
    now = timezone.now()
    call = Call.objects.create(code="TB-ĐH", title="Tuyển chọn 2027", kind="research",
                               opens_at=now - datetime.timedelta(days=3),
                               closes_at=now + datetime.timedelta(days=20),
                               rule_set=RuleSet.current())
    case = walk(make_case(cast.host, call=call), cast, until="open_dossier")
    deadline = _open(case, "dossier_opening")
    assert (deadline.amount, deadline.unit) == (7, "working_days")
    closes = timezone.localdate(call.closes_at)
    assert deadline.due_on == add_working_days(closes, 7)


def test_acceptance_council_is_due_to_be_formed_and_forming_it_meets_the_deadline(
        cast, django_capture_on_commit_callbacks):
    case = walk(make_case(cast.host), cast, until="record_acceptance")
    deadline = _open(case, "acceptance_council")
    assert (deadline.amount, deadline.unit) == (15, "working_days")
    assert deadline.due_on == add_working_days(timezone.localdate(), 15)
    specs = member_specs(council_people(9), "acceptance")
    with django_capture_on_commit_callbacks(execute=True):  # "formed" is sent after commit
        form_council(case=case, council_type="acceptance", members=specs,
                     by=case.assigned_officer)
    deadline = Deadline.objects.get(pk=deadline.pk)
    assert deadline.status == DeadlineStatus.SATISFIED
    assert deadline.closed_by_transition == "council_formed:acceptance"


def test_advance_settlement_counts_4_months_from_the_tasks_end(cast):
    case = walk(make_case(cast.host), cast, until="finish_implementation")
    deadline = _open(case, "advance_settlement")
    assert (deadline.amount, deadline.unit) == (4, "months")
    assert deadline.due_on == due_date(case.end_date, 4, "months")
    assert deadline.due_on >= case.end_date + relativedelta(months=4)
    assert deadline.legal_article.startswith("Điều 13")


def test_a_change_request_is_due_for_decision_after_the_rules_decision_days(cast):
    case = walk(make_case(cast.host), cast, until="finish_implementation")
    change = request_change(case=case, user=cast.host, kind=ChangeKind.PERSONNEL,
                            reason="Thay thành viên lấy mẫu")
    deadline = Deadline.objects.get(case=case, code=f"change-{change.pk}-decision")
    assert (deadline.amount, deadline.unit, deadline.owed_by_role) == (30, "calendar_days",
                                                                       "approver")
    assert deadline.due_on == due_date(timezone.localdate(), 30, "calendar_days")
    decide_change(change=change, user=cast.approver, approve=True, decision_number="12/QĐ")
    assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.SATISFIED


def test_a_deadline_rule_is_a_dated_version_the_case_keeps(cast):
    """A newer version of a deadline rule applies only to cases submitted under it."""
    case = walk(make_case(cast.host), cast, until="open_dossier")
    rule = DeadlineRule.objects.get(rule_set=case.rule_set, code="dossier_resubmission")
    DeadlineRule.objects.create(**{
        **{f.name: getattr(rule, f.name) for f in rule._meta.concrete_fields
           if f.name not in ("id", "effective_from", "rule_set")},
        "rule_set": rule.rule_set, "effective_from": timezone.localdate() + relativedelta(days=1),
        "amount": 3})
    act(case, "return_dossier", cast.officer, comment="Thiếu báo giá")
    assert _open(case, "dossier_resubmission").amount == 10  # the case's version
