"""Monitoring during implementation (TT 09/2014 art. 9; REGULATIONS.md B4): periodic reports
per period, and what they decide — missing two stops funding; ending implementation needs
every report due so far accepted and no change request pending."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Deadline, DeadlineStatus
from notifications.notices import notify
from tasks_kh_cn.models import DocumentKind
from tasks_kh_cn.services.documents import upload_document
from workflows.deadlines import close_deadline
from workflows.lifecycle import Status
from workflows.permissions import is_approver, is_assigned_officer, is_host_member
from workflows.services import case_transitioned

from .models import FundingRule, FundingRuleCode
from .monitoring_models import (
    PeriodicReport,
    ProposalStatus,
    ReportStatus,
    SuspensionProposal,
)

REPORT_CODE = "periodic_report"
REPORTABLE = (Status.IN_PROGRESS, Status.SUSPENDED)


def report_deadlines(case):
    return Deadline.objects.filter(case=case, code=REPORT_CODE).exclude(
        status=DeadlineStatus.CANCELLED)


def missed_reports(case, today=None) -> int:
    """Periods whose deadline has passed with no accepted report (the deadline still open)."""
    today = today or timezone.localdate()
    return report_deadlines(case).filter(status=DeadlineStatus.OPEN, due_on__lt=today).count()


def reports_due_not_accepted(case, today=None) -> list[int]:
    """Sequences of the periods due by today whose report is not accepted."""
    today = today or timezone.localdate()
    due = set(report_deadlines(case).filter(due_on__lte=today).values_list("sequence",
                                                                            flat=True))
    accepted = set(PeriodicReport.objects.filter(case=case, status=ReportStatus.ACCEPTED)
                   .values_list("sequence", flat=True))
    return sorted(due - accepted)


@transaction.atomic
def save_report(*, case, user, sequence, progress, spending=0, problems="", proposals="",
                attachment=None) -> PeriodicReport:
    """The host saves its report of a period as a draft (again, while draft or returned)."""
    is_host_member(user, case).require()
    errors = {}
    if case.status not in REPORTABLE:
        errors["__all__"] = [_("Chỉ báo cáo định kỳ khi nhiệm vụ đang thực hiện.")]
    deadline = report_deadlines(case).filter(sequence=sequence).first()
    if deadline is None:
        errors["sequence"] = [_("Không có kỳ báo cáo này.")]
    if not (progress or "").strip():
        errors["progress"] = [_("Cần nêu tiến độ theo nội dung, sản phẩm.")]
    if spending is None or spending < 0:
        errors["spending"] = [_("Kinh phí đã sử dụng là số nguyên không âm (VNĐ).")]
    report = PeriodicReport.objects.select_for_update().filter(case=case,
                                                               sequence=sequence).first()
    if report is not None and report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        errors["__all__"] = [_("Báo cáo kỳ này đã nộp.")]
    if errors:
        raise ValidationError(errors)
    version = None
    if attachment is not None:
        version = upload_document(case=case, kind=DocumentKind.PERIODIC_REPORT,
                                  title=_("Báo cáo định kỳ kỳ %(n)s") % {"n": sequence},
                                  uploaded=attachment, user=user, field="attachment")
    fields = dict(progress=progress.strip(), spending=spending, problems=problems or "",
                  proposals=proposals or "", deadline=deadline)
    if report is None:
        return PeriodicReport.objects.create(case=case, sequence=sequence, author=user,
                                             attachment=version, **fields)
    for name, value in fields.items():
        setattr(report, name, value)
    if version is not None:
        report.attachment = version
    report.save()
    return report


@transaction.atomic
def submit_report(*, report, user) -> PeriodicReport:
    report = PeriodicReport.objects.select_for_update().select_related("case").get(pk=report.pk)
    is_host_member(user, report.case).require()
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError({"__all__": [_("Báo cáo kỳ này đã nộp.")]})
    report.submit()
    report.save()
    notify("report_received", case=report.case,
           key=f"report:{report.pk}:submitted:{report.submitted_at:%Y%m%d%H%M%S%f}",
           context={"sequence": report.sequence}, actor=user)
    return report


@transaction.atomic
def review_report(*, report, user, accept, reason="") -> PeriodicReport:
    """The officer accepts (closing the period's deadline) or returns with a reason."""
    report = PeriodicReport.objects.select_for_update(of=("self",)).select_related("case", "deadline").get(
        pk=report.pk)
    is_assigned_officer(user, report.case).require()
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError({"__all__": [_("Báo cáo này không chờ xem xét.")]})
    if accept:
        report.accept(by=user)
    else:
        if not (reason or "").strip():
            raise ValidationError({"reason": [_("Cần nêu lý do trả lại.")]})
        report.send_back(by=user, reason=reason.strip())
    report.save()
    if not accept:
        notify("report_returned", case=report.case,
               key=f"report:{report.pk}:returned:{report.reviewed_at:%Y%m%d%H%M%S%f}",
               context={"sequence": report.sequence, "reason": report.return_reason},
               actor=user)
    if accept and report.deadline_id and report.deadline.status == DeadlineStatus.OPEN:
        close_deadline(deadline=report.deadline, by=user, note=f"report:{report.pk}")
    return report


# --- the daily sweep: periods that open, and cases to propose for suspension ----------------

def notify_open_periods(today=None) -> int:
    """``report_due`` to the host for each case's current period (the earliest period still
    open whose date has not passed), once per period: the key is the period's deadline."""
    today = today or timezone.localdate()
    current = {}
    for deadline in (Deadline.objects.filter(code=REPORT_CODE, status=DeadlineStatus.OPEN,
                                             due_on__gte=today, case__status__in=REPORTABLE)
                     .select_related("case__host").order_by("case_id", "due_on", "pk")):
        current.setdefault(deadline.case_id, deadline)
    for deadline in current.values():
        notify("report_due", case=deadline.case, key=f"report_due:{deadline.pk}",
               context={"due_on": deadline.due_on, "sequence": deadline.sequence})
    return len(current)


def propose_suspensions(today=None) -> list[SuspensionProposal]:
    """TT 09/2014 art. 9: a case in progress that missed the rule's number of periodic reports
    goes on the approvers' desk as a suspension proposal — once per count of missed reports
    (the unique row makes a second sweep, or two at once, add nothing)."""
    today = today or timezone.localdate()
    missed = (Deadline.objects.filter(code=REPORT_CODE, status=DeadlineStatus.OPEN,
                                      due_on__lt=today, case__status=Status.IN_PROGRESS)
              .values("case_id", "case__rule_set_id").annotate(n=Count("pk")))
    rules = {r.rule_set_id: r for r in FundingRule.objects.filter(
        code=FundingRuleCode.MISSED_REPORTS)}
    proposals = []
    for row in missed:
        rule = rules.get(row["case__rule_set_id"])
        if rule is None or row["n"] < rule.numerator:
            continue
        if SuspensionProposal.objects.filter(case_id=row["case_id"],
                                             missed_reports__gte=row["n"]).exists():
            continue  # already proposed at this count (decided or not)
        proposals.append(SuspensionProposal(
            case_id=row["case_id"], missed_reports=row["n"], legal_basis=rule.legal_basis,
            legal_article=rule.legal_article))
    SuspensionProposal.objects.bulk_create(proposals, ignore_conflicts=True)
    return proposals


def sweep_monitoring(today=None) -> dict:
    """The daily beat task (funding.tasks.sweep_monitoring)."""
    return {"periods_notified": notify_open_periods(today),
            "proposals": len(propose_suspensions(today))}


@transaction.atomic
def dismiss_proposal(*, proposal, user, reason) -> SuspensionProposal:
    """The approver keeps the case going, with a reason (the proposal leaves the desk)."""
    proposal = SuspensionProposal.objects.select_for_update(of=("self",)).select_related(
        "case").get(pk=proposal.pk)
    is_approver(user, proposal.case).require()
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError({"__all__": [_("Đề xuất này đã được quyết định.")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Cần nêu lý do không tạm dừng.")]})
    proposal.dismiss(by=user, reason=reason.strip())
    proposal.save()
    return proposal


@receiver(case_transitioned, dispatch_uid="funding.suspension_proposals_on_suspend")
def close_proposals_on_suspend(sender, case, transition, actor=None, **kwargs):
    """Suspending the case answers its open proposal (inside the transition's transaction)."""
    if transition != "suspend":
        return
    for proposal in SuspensionProposal.objects.select_for_update().filter(
            case=case, status=ProposalStatus.OPEN):
        proposal.close_suspended(by=actor)
        proposal.save()
