"""Finance's desk: advances to check or pay and settlements to confirm; the officer's:
periodic reports to review and inspection confirmations to accept; the approvers': cases
proposed for suspension after missed reports (issue 12 points 3 and 6).

The confirmation deadline of each advance is a notifications.Deadline (reminders through
the existing sweep); here the item shows its due date.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.inbox import InboxSource, WorkItem
from workflows.lifecycle import Status
from workflows.roles import Role, has_role

from .models import (
    ActionStatus,
    InspectionAction,
    PeriodicReport,
    ProposalStatus,
    Refund,
    RefundStatus,
    ReportStatus,
    SettlementStatus,
    SuspensionProposal,
    Tranche,
    TrancheSettlement,
)
from .selectors import PENDING


def _ledger_url(case_id):
    return reverse("funding-web:ledger", args=[case_id])


def tranche_rows(user):
    if not has_role(user, Role.FINANCE):
        return Tranche.objects.none()  # no query for the others
    return (Tranche.objects.filter(status__in=PENDING).select_related("case__host", "deadline")
            .order_by("requested_at", "pk"))


def tranche_items(tranches) -> list[WorkItem]:
    return [
        WorkItem(kind="tranche", case=t.case, created=t.requested_at,
                 due=t.deadline.due_on if t.deadline_id else None,
                 label=str(_("Tạm ứng đợt %(n)s: %(status)s") % {
                     "n": t.number, "status": t.get_status_display()}),
                 url=_ledger_url(t.case_id), extra={"tranche_id": t.pk, "amount": t.amount})
        for t in tranches
    ]


def settlement_rows(user):
    if not has_role(user, Role.FINANCE):
        return TrancheSettlement.objects.none()
    return (TrancheSettlement.objects.filter(status=SettlementStatus.SUBMITTED)
            .select_related("tranche__case__host").order_by("recorded_at", "pk"))


def settlement_items(settlements) -> list[WorkItem]:
    return [
        WorkItem(kind="settlement", case=s.tranche.case, created=s.recorded_at,
                 label=str(_("Xác nhận thanh toán tạm ứng đợt %(n)s") % {"n": s.tranche.number}),
                 url=_ledger_url(s.tranche.case_id),
                 extra={"settlement_id": s.pk, "amount": s.amount})
        for s in settlements
    ]


TRANCHES_TO_CONFIRM = InboxSource(kind="tranche", label=_("Đề nghị tạm ứng"),
                                  rows=tranche_rows, items=tranche_items)
SETTLEMENTS_TO_REVIEW = InboxSource(kind="settlement", label=_("Thanh toán tạm ứng chờ xác nhận"),
                                    rows=settlement_rows, items=settlement_items)


def refund_rows(user):
    if not has_role(user, Role.FINANCE):
        return Refund.objects.none()
    return (Refund.objects.filter(status=RefundStatus.DUE).select_related("case__host")
            .order_by("due_on", "pk"))


def refund_items(refunds) -> list[WorkItem]:
    return [
        WorkItem(kind="refund", case=r.case, created=r.decided_at, due=r.due_on,
                 label=str(_("Thu hồi kinh phí: %(amount)s VNĐ") % {
                     "amount": f"{r.amount:,}".replace(",", ".")}),
                 url=_ledger_url(r.case_id), extra={"refund_id": r.pk})
        for r in refunds
    ]


REFUNDS_DUE = InboxSource(kind="refund", label=_("Thu hồi kinh phí chưa nộp đủ"),
                          rows=refund_rows, items=refund_items)


def report_rows(user):
    """Submitted periodic reports of the cases assigned to the officer."""
    if not has_role(user, Role.OFFICER):
        return PeriodicReport.objects.none()
    return (PeriodicReport.objects.filter(status=ReportStatus.SUBMITTED,
                                          case__assigned_officer=user)
            .select_related("case__host", "deadline").order_by("submitted_at", "pk"))


def report_items(reports) -> list[WorkItem]:
    return [
        WorkItem(kind="periodic_report", case=r.case, created=r.submitted_at,
                 due=r.deadline.due_on if r.deadline_id else None,
                 label=str(_("Xem xét báo cáo định kỳ kỳ %(n)s") % {"n": r.sequence}),
                 url=reverse("funding-web:reports", args=[r.case_id]) + f"#report-{r.sequence}",
                 extra={"report_id": r.pk})
        for r in reports
    ]


REPORTS_TO_REVIEW = InboxSource(kind="periodic_report", label=_("Báo cáo định kỳ chờ xem xét"),
                                rows=report_rows, items=report_items)


def proposal_rows(user):
    """TT 09/2014 art. 9: cases in progress that missed the rule's reports (approvers)."""
    if not has_role(user, Role.APPROVER):
        return SuspensionProposal.objects.none()
    return (SuspensionProposal.objects.filter(status=ProposalStatus.OPEN,
                                              case__status=Status.IN_PROGRESS)
            .select_related("case__host").order_by("created_at", "pk"))


def proposal_items(proposals) -> list[WorkItem]:
    return [
        WorkItem(kind="suspension_proposal", case=p.case, created=p.created_at,
                 label=str(_("Đề xuất tạm dừng: thiếu %(n)s báo cáo định kỳ") % {
                     "n": p.missed_reports}),
                 url=reverse("web:case-detail", args=[p.case_id]) + "#suspension-proposal",
                 extra={"proposal_id": p.pk})
        for p in proposals
    ]


SUSPENSION_PROPOSALS = InboxSource(kind="suspension_proposal",
                                   label=_("Đề xuất tạm dừng nhiệm vụ"),
                                   rows=proposal_rows, items=proposal_items)


def confirmation_rows(user):
    """Required actions the host confirmed, waiting for the case's officer."""
    if not has_role(user, Role.OFFICER):
        return InspectionAction.objects.none()
    return (InspectionAction.objects.filter(status=ActionStatus.CONFIRMED,
                                            inspection__case__assigned_officer=user)
            .select_related("inspection__case__host").order_by("confirmed_at", "pk"))


def confirmation_items(actions) -> list[WorkItem]:
    return [
        WorkItem(kind="inspection_confirmation", case=a.inspection.case, created=a.confirmed_at,
                 due=a.due_on,
                 label=str(_("Chấp nhận xác nhận khắc phục sau kiểm tra (yêu cầu %(n)s)") % {
                     "n": a.number}),
                 url=reverse("funding-web:inspections", args=[a.inspection.case_id])
                 + f"#action-{a.pk}", extra={"action_id": a.pk})
        for a in actions
    ]


INSPECTION_CONFIRMATIONS = InboxSource(kind="inspection_confirmation",
                                       label=_("Xác nhận khắc phục chờ chấp nhận"),
                                       rows=confirmation_rows, items=confirmation_items)
