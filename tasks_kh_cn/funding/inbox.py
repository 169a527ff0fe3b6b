"""Finance's desk: advances to check or pay and settlements to confirm (issue 12 point 6).

The confirmation deadline of each advance is a notifications.Deadline (reminders through
the existing sweep); here the item shows its due date.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.inbox import InboxSource, WorkItem
from workflows.roles import Role, has_role

from .models import Refund, RefundStatus, SettlementStatus, Tranche, TrancheSettlement
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
