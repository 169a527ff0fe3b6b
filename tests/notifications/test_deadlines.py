"""Deadlines created, satisfied, cancelled and extended as a case moves."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from notifications.models import Deadline, DeadlineRule, DeadlineStatus
from notifications.workdays import WorkingCalendar, add_working_days
from tests.factories import act, make_case, research_path, take_step, upload_required, walk
from workflows.deadlines import close_deadline, extend_deadline, on_end_date_changed
from workflows.roles import Role


def walk_on(case, cast, until=None):
    """Continue ``walk`` from where the case stands."""
    names = [step[0] for step in research_path(cast)]
    started = False
    for name, user, data, stage in research_path(cast):
        if name == until:
            return case
        started = started or case.status == _source_of(name)
        if started:
            case = take_step(case, cast, name, user, data, stage)
    assert names
    return case


def _source_of(name):
    from workflows.services import all_transitions

    return all_transitions()[name].source


def _open(case, code):
    return Deadline.objects.get(case=case, code=code, status=DeadlineStatus.OPEN)


def rolled(day):
    """``day``, or the next working day when it is a day off (BLDS 2015 art. 148)."""
    calendar = WorkingCalendar({day.year, day.year + 1})
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def test_rules_are_seeded_as_data_with_their_source(db):
    rule = DeadlineRule.objects.get(rule_set__code="thanh-hoa-2023", code="acceptance_dossier")
    assert (rule.amount, rule.unit) == (30, "calendar_days")
    assert rule.legal_basis == "TT 11/2014/TT-BKHCN"
    assumed = DeadlineRule.objects.get(rule_set__code="thanh-hoa-2023",
                                       code="proposal_resubmission")
    assert assumed.is_default_assumption


def test_return_for_completion_opens_a_resubmission_deadline_in_working_days(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    act(case, "submit", cast.host)
    act(case, "return_proposal", cast.officer, comment="Thiếu bản đề xuất có chữ ký",
        due_working_days=7)
    deadline = _open(case, "proposal_resubmission")
    assert deadline.due_on == add_working_days(timezone.localdate(), 7)
    assert deadline.unit == "working_days" and deadline.amount == 7
    assert not deadline.is_default_assumption  # the officer set it
    assert deadline.owed_by_role == Role.ENTERPRISE
    assert deadline.source_transition == "return_proposal"
    assert deadline.rule_set_id == case.rule_set_id

    act(case, "resubmit", cast.host)
    deadline = Deadline.objects.get(pk=deadline.pk)
    assert deadline.status == DeadlineStatus.SATISFIED
    assert deadline.closed_by_transition == "resubmit"


def test_without_a_figure_the_rule_default_applies_and_is_flagged(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    act(case, "submit", cast.host)
    act(case, "return_proposal", cast.officer, comment="Thiếu tài liệu")
    deadline = _open(case, "proposal_resubmission")
    assert deadline.amount == 10 and deadline.is_default_assumption


def test_status_is_protected(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    act(case, "submit", cast.host)
    act(case, "return_proposal", cast.officer, comment="Thiếu tài liệu")
    deadline = _open(case, "proposal_resubmission")
    with pytest.raises(AttributeError):
        deadline.status = DeadlineStatus.SATISFIED


def test_withdrawal_cancels_open_deadlines(cast):
    case = make_case(cast.host)
    upload_required(case, "proposal", cast.host)
    act(case, "submit", cast.host)
    act(case, "return_proposal", cast.officer, comment="Thiếu tài liệu")
    act(case, "withdraw", cast.host, comment="Không tiếp tục")
    assert not Deadline.objects.filter(case=case, status=DeadlineStatus.OPEN).exists()
    assert Deadline.objects.get(case=case).status == DeadlineStatus.CANCELLED


def test_contract_signature_opens_implementation_deadlines(cast):
    case = walk(make_case(cast.host), cast, until="finish_implementation")
    start, end = case.start_date, case.end_date  # 18 months
    assert _open(case, "contract_end").due_on == end
    # Calendar-day limits ending on a day off end on the next working day (BLDS art. 148).
    assert _open(case, "acceptance_dossier").due_on == rolled(end + datetime.timedelta(days=30))
    assert _open(case, "extension_request_cutoff").due_on == end - relativedelta(months=1)
    reports = Deadline.objects.filter(case=case, code="periodic_report").order_by("sequence")
    assert [d.due_on for d in reports] == [rolled(start + relativedelta(months=6 * n))
                                           for n in (1, 2, 3)]
    # TTLT 27/2015 art. 13: advances settled within 4 months of the task's end.
    assert _open(case, "advance_settlement").due_on == rolled(end + relativedelta(months=4))
    # The appraisal-phase deadlines were met on the way.
    met = set(Deadline.objects.filter(case=case, status=DeadlineStatus.SATISFIED)
              .values_list("code", flat=True))
    assert {"dossier_opening", "winner_revision", "budget_appraisal",
            "approval_submission"} <= met


def test_extension_shifts_the_dependent_deadlines(cast):
    case = walk(make_case(cast.host), cast, until="finish_implementation")
    end = _open(case, "contract_end")
    new_end = end.due_on + relativedelta(months=6)
    moved = extend_deadline(deadline=end, new_due=new_end, by=cast.approver)
    assert {d.code for d in moved} == {"contract_end", "acceptance_dossier",
                                       "extension_request_cutoff", "advance_settlement"}
    assert _open(case, "acceptance_dossier").due_on == rolled(new_end + datetime.timedelta(days=30))
    assert _open(case, "extension_request_cutoff").due_on == new_end - relativedelta(months=1)
    assert _open(case, "contract_end").original_due_at.date() == end.due_on


def test_acceptance_deadlines_in_working_days_then_completion_closes_all(cast):
    case = walk(make_case(cast.host), cast, until="accept_acceptance_dossier")
    check = _open(case, "acceptance_validity_check")
    assert check.due_on == add_working_days(timezone.localdate(), 3)
    assert check.owed_by_role == Role.OFFICER and check.owed_by_user_id is None
    assert Deadline.objects.get(case=case, code="acceptance_dossier").status == "satisfied"
    case = walk_on(case, cast, until="record_acceptance")
    assert _open(case, "acceptance_council").unit == "working_days"
    case = walk_on(case, cast, until="submit_final_revision")
    assert _open(case, "post_review_revision").unit == "working_days"
    case = walk_on(case, cast)
    assert case.status == "completed"
    assert not Deadline.objects.filter(case=case, status=DeadlineStatus.OPEN).exists()


def test_a_periodic_report_is_closed_by_the_officer_once(cast):
    case = walk(make_case(cast.host), cast, until="finish_implementation")
    report = Deadline.objects.filter(case=case, code="periodic_report").order_by("sequence")[0]
    closed = close_deadline(deadline=report, by=cast.officer)
    assert closed.status == DeadlineStatus.SATISFIED and closed.closed_at is not None
    with pytest.raises(TransitionNotAllowed):
        close_deadline(deadline=report, by=cast.officer)
    case = walk_on(case, cast, until="submit_acceptance")
    left = Deadline.objects.filter(case=case, code="periodic_report").exclude(pk=report.pk)
    assert {d.status for d in left} == {DeadlineStatus.CANCELLED}


def test_an_approved_extension_moves_the_end_and_adds_reports(cast):
    case = walk(make_case(cast.host), cast, until="finish_implementation")
    old_end = case.end_date
    before = Deadline.objects.filter(case=case, code="periodic_report").count()
    new_end = old_end + relativedelta(months=12)
    on_end_date_changed(case=case, old_end_date=old_end, new_end_date=new_end)
    assert _open(case, "contract_end").due_on == new_end
    assert _open(case, "acceptance_dossier").due_on == rolled(new_end + datetime.timedelta(days=30))
    reports = Deadline.objects.filter(case=case, code="periodic_report").order_by("due_on")
    # TT 09/2014 art. 9: every 6 months from the start while the nominal date falls within the
    # contract. Months are counted as BLDS art. 148 counts them (30 June + 6 months is
    # 30 December), so from a month's last day an end moved by 6 months can fall a day short
    # of the next report (31 Dec 2026 + 18 + 6 months ends 30 Dec 2028; its report would be
    # the 31st): the expected list is the rule's, not a fixed count, and the end moves by
    # 12 months so that reports are added on any day (this test failed on 31 December).
    nominal = [case.start_date + relativedelta(months=6 * n) for n in range(1, 8)]
    assert [d.due_on for d in reports] == [rolled(day) for day in nominal if day <= new_end]
    assert len(reports) > before
