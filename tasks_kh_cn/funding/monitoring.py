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
from workflows.permissions import (
    ALLOWED,
    Decision,
    is_approver,
    is_assigned_officer,
    is_host_member,
)
from workflows.services import case_transitioned

from .models import FundingRule, FundingRuleCode
from .monitoring_models import (
    PeriodicReport,
    ProposalStatus,
    ReportItem,
    ReportStatus,
    SuspensionProposal,
    WorkItem,
    WorkItemKind,
)

REPORT_CODE = "periodic_report"
REPORTABLE = (Status.IN_PROGRESS, Status.SUSPENDED)
# The content items and products are listed from contract drafting until implementation ends.
WORK_ITEMS_EDITABLE = (Status.CONTRACT_DRAFTING, Status.AWAITING_SIGNATURES,
                       Status.AWAITING_COUNTERSIGNATURE, Status.IN_PROGRESS, Status.SUSPENDED)


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


def may_edit_work_items(user, case) -> Decision:
    """The host, or the case's officer on its behalf, lists the contract's items."""
    if is_host_member(user, case) or is_assigned_officer(user, case):
        return ALLOWED
    return Decision(False, str(_("Chỉ tổ chức chủ trì hoặc chuyên viên thụ lý nhập nội dung, "
                                 "sản phẩm của nhiệm vụ.")))


def work_items(case):
    return WorkItem.objects.filter(case=case).order_by("position", "pk")


@transaction.atomic
def add_work_item(*, case, user, kind, title, expected="", position=None) -> WorkItem:
    """A content item or product of the case (page and API); at the end unless placed."""
    may_edit_work_items(user, case).require()
    errors = {}
    if case.status not in WORK_ITEMS_EDITABLE:
        errors["__all__"] = [_("Chỉ nhập nội dung, sản phẩm từ khi soạn hợp đồng đến khi kết "
                               "thúc thực hiện.")]
    if kind not in WorkItemKind.values:
        errors["kind"] = [_("Loại phải là nội dung hoặc sản phẩm.")]
    if not (title or "").strip():
        errors["title"] = [_("Cần nêu tên nội dung, sản phẩm.")]
    if errors:
        raise ValidationError(errors)
    if position is None:
        last = work_items(case).order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    return WorkItem.objects.create(case=case, kind=kind, title=title.strip(),
                                   expected=(expected or "").strip(), position=position,
                                   created_by=user)


def percent_field(work_item_id) -> str:
    """The error key (and the page's field name) of one work item's percentage."""
    return f"item_{work_item_id}_percent"


def _clean_items(case, items):
    """``items`` ([{work_item, percent, note}], work_item an id or a WorkItem) against the
    case's own work items: (rows keyed by work item id, field errors). A blank percentage
    leaves the item out of the draft; otherwise a whole number from 0 to 100."""
    known = {w.pk: w for w in work_items(case)}
    rows, errors = {}, {}
    for item in items or []:
        ref = item.get("work_item")
        pk = getattr(ref, "pk", ref)
        if pk not in known:
            errors["items"] = [_("Nội dung, sản phẩm %(id)s không thuộc nhiệm vụ này.")
                               % {"id": pk}]
            continue
        percent = item.get("percent")
        if percent in (None, ""):
            continue
        if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
            errors[percent_field(pk)] = [_("Tỷ lệ hoàn thành là số nguyên từ 0 đến 100.")]
            continue
        rows[pk] = (percent, (item.get("note") or "").strip()[:1000])
    return rows, errors


@transaction.atomic
def save_report(*, case, user, sequence, progress, spending=0, problems="", proposals="",
                attachment=None, items=None) -> PeriodicReport:
    """The host saves its report of a period as a draft (again, while draft or returned),
    with a percentage and a note per work item of the case (``items``)."""
    is_host_member(user, case).require()
    item_rows, errors = _clean_items(case, items)
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
        report = PeriodicReport.objects.create(case=case, sequence=sequence, author=user,
                                               attachment=version, **fields)
    else:
        for name, value in fields.items():
            setattr(report, name, value)
        if version is not None:
            report.attachment = version
        report.save()
    if items is not None:
        _write_items(report, item_rows)
    return report


def _write_items(report, rows):
    """The report's rows become exactly ``rows`` (a fixed number of queries)."""
    existing = {r.work_item_id: r for r in report.items.all()}
    report.items.exclude(work_item_id__in=rows).delete()
    changed = []
    for pk, (percent, note) in rows.items():
        row = existing.get(pk)
        if row is not None and (row.percent, row.note) != (percent, note):
            row.percent, row.note = percent, note
            changed.append(row)
    ReportItem.objects.bulk_update(changed, ["percent", "note"])
    ReportItem.objects.bulk_create([ReportItem(report=report, work_item_id=pk, percent=p, note=n)
                                    for pk, (p, n) in rows.items() if pk not in existing])


@transaction.atomic
def submit_report(*, report, user) -> PeriodicReport:
    report = PeriodicReport.objects.select_for_update().select_related("case").get(pk=report.pk)
    is_host_member(user, report.case).require()
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError({"__all__": [_("Báo cáo kỳ này đã nộp.")]})
    missing = work_items(report.case).exclude(report_items__report=report).values_list(
        "pk", flat=True)
    if missing:
        raise ValidationError({percent_field(pk): [_("Cần nêu tỷ lệ hoàn thành trước khi nộp.")]
                               for pk in missing})
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
