"""The yearly report's obligation: who owes it, by when, reminded by the deadline system.

Plan 5.1: the department reports to the Chairman of UBND tỉnh before 15 December each
year. The date comes from ``ReportingRule`` (dated data with its article); the obligation
is a ``notifications.Deadline`` owed by the officer in charge, so the reminder policy
(7, 3, 1 days before, on the day, after, escalated) applies to it as to any case deadline.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.deadline_titles import titled
from notifications.models import Deadline, DeadlineStatus, DueUnit
from tasks_kh_cn.models import RuleSet
from workflows.deadlines import end_of
from workflows.roles import Role, user_roles

from .models import ReportingRule, YearlyReport

DEADLINE_CODE = "plan-yearly-report"


def reporting_rule(year: int) -> ReportingRule | None:
    return ReportingRule.objects.filter(effective_from__lte=datetime.date(year, 12, 31)).first()


def report_due_date(year: int) -> datetime.date:
    """The last day to report: the day before the rule's date (plan 5.1: "trước ngày 15/12")."""
    rule = reporting_rule(year)
    if rule is None:
        raise ValidationError(_("Chưa có quy định thời hạn báo cáo năm."))
    return datetime.date(year, rule.before_month, rule.before_day) - datetime.timedelta(days=1)


def _check_officer(officer):
    if officer is None or not officer.is_active or Role.OFFICER not in user_roles(officer):
        raise ValidationError({"officer": _("Người phụ trách báo cáo phải là chuyên viên Sở KH&CN "
                                             "đang hoạt động.")})


@transaction.atomic
def open_yearly_report(*, year: int, officer=None) -> YearlyReport:
    """The year's report and its deadline on the officer in charge (idempotent).

    Without an officer, the one in charge of the previous year keeps the duty.
    """
    report = YearlyReport.objects.select_for_update().filter(year=year).first()
    if report and report.deadline_id:
        return report
    if officer is None:
        last = YearlyReport.objects.filter(year__lt=year).order_by("-year").first()
        officer = last.officer_in_charge if last else None
    _check_officer(officer)
    rule = reporting_rule(year)
    due = report_due_date(year)
    deadline = Deadline.objects.create(
        case=None, rule_set=RuleSet.current(datetime.date(year, 1, 1)) or RuleSet.current(),
        code=DEADLINE_CODE, sequence=year,
        **titled(gettext_lazy("Báo cáo kết quả thực hiện Kế hoạch năm %(year)s gửi Chủ tịch "
                              "UBND tỉnh"), {"year": year}),
        owed_by_role=Role.OFFICER, owed_by_user=officer, due_at=end_of(due), due_on=due,
        amount=0, unit=DueUnit.CALENDAR_DAYS, legal_basis=rule.legal_basis,
        legal_article=rule.legal_article)
    if report:
        report.officer_in_charge, report.deadline = officer, deadline
        report.save(update_fields=["officer_in_charge", "deadline"])
        return report
    return YearlyReport.objects.create(year=year, officer_in_charge=officer, deadline=deadline)


@transaction.atomic
def change_officer(*, year: int, officer, by) -> YearlyReport:
    _check_officer(officer)
    report = YearlyReport.objects.select_for_update().get(year=year)
    report.officer_in_charge = officer
    report.save(update_fields=["officer_in_charge"])
    if report.deadline_id:
        Deadline.objects.filter(pk=report.deadline_id).update(owed_by_user=officer)
    return report


@transaction.atomic
def mark_report_sent(*, year: int, by, on=None) -> YearlyReport:
    """The report went to the Chairman: the deadline is met, its reminders stop."""
    report = YearlyReport.objects.select_for_update().filter(year=year).first()
    if report is None:
        raise ValidationError({"year": _("Chưa giao báo cáo năm %(year)s cho chuyên viên nào.") % {
            "year": year}})
    if report.sent_on:
        raise ValidationError({"year": _("Báo cáo năm %(year)s đã được ghi nhận là đã gửi.") % {
            "year": year}})
    report.sent_on, report.sent_by = on or timezone.localdate(), by
    report.save(update_fields=["sent_on", "sent_by"])
    if report.deadline_id:
        deadline = Deadline.objects.select_for_update().get(pk=report.deadline_id)
        if deadline.status == DeadlineStatus.OPEN:
            deadline.satisfy(transition_name="plan_report_sent")
            deadline.save()
    return report


def default_officer():
    """The first active officer, for the yearly duty when nobody was put in charge yet."""
    return get_user_model().objects.filter(groups__name=Role.OFFICER, is_active=True).order_by(
        "pk").first()
